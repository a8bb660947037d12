// Validate the document on the server shortly after each change; late answers to older
// documents are dropped.
import { useEffect, useRef } from "react";
import { api, ApiError } from "../api/client";
import type { Problem } from "../api/types";
import { useEditor } from "./store";

export const VALIDATE_DEBOUNCE_MS = 400;

export function useLiveValidation(): void {
  const doc = useEditor((s) => s.doc);
  const loaded = useEditor((s) => s.graphId !== null);
  const seq = useRef(0);

  useEffect(() => {
    if (!loaded) return;
    const mine = ++seq.current;
    const timer = window.setTimeout(async () => {
      const { setProblems, setValidating } = useEditor.getState();
      setValidating(true);
      try {
        const r = await api.post<{ valid: boolean; errors: Problem[] }>("/api/graphs/validate/", { document: doc });
        if (mine === seq.current) setProblems(r.data.errors ?? []);
      } catch (err) {
        if (mine === seq.current && err instanceof ApiError) setProblems(err.problems);
      } finally {
        if (mine === seq.current) setValidating(false);
      }
    }, VALIDATE_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [doc, loaded]);
}
