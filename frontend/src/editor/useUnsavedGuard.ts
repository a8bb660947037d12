// Nothing typed is lost: a local draft follows every unsaved change, and leaving the page
// with unsaved changes asks first.
import { useEffect } from "react";
import { useBlocker } from "react-router-dom";
import { clearDraft, flushDraft, writeDraft } from "./persistence";
import { selectDirty, useEditor } from "./store";

const DRAFT_DEBOUNCE_MS = 500;

/** `holdDraft`: a stored draft is waiting for the user's restore/discard answer. */
export function useUnsavedGuard(holdDraft: boolean): void {
  const dirty = useEditor(selectDirty);
  const doc = useEditor((s) => s.doc);
  const description = useEditor((s) => s.description);
  const graphId = useEditor((s) => s.graphId);
  const revision = useEditor((s) => s.resource?.revision ?? 0);

  useEffect(() => {
    if (graphId === null) return;
    const timer = window.setTimeout(() => {
      if (dirty) writeDraft(graphId, { doc, description, revision, savedAt: new Date().toISOString() });
      else if (!holdDraft) clearDraft(graphId);
    }, DRAFT_DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [graphId, doc, description, dirty, revision, holdDraft]);

  // Leaving the editor inside the app (no beforeunload): keep the latest work as a draft.
  useEffect(() => flushDraft, []);

  // Leaving through an in-app link (top bar, graph list) asks too.
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    flushDraft();
    if (window.confirm("This graph has unsaved changes. Leave anyway? (A local draft is kept.)")) blocker.proceed();
    else blocker.reset();
  }, [blocker]);

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      // The debounced draft may be a keystroke behind: write it now.
      flushDraft();
      e.preventDefault();
      // Older browsers need a return value to show the prompt.
      e.returnValue = "";
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [dirty]);
}
