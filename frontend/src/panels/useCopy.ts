// Copy text to the clipboard with feedback; falls back to selecting the text when the
// Clipboard API is missing (plain http) or refused, so Ctrl+C still works.
import { useCallback, useEffect, useRef, useState, type RefObject } from "react";

export type CopyState = "idle" | "copied" | "failed";

export function useCopy(text: string, fallbackTarget: RefObject<HTMLElement | null>): [CopyState, () => void] {
  const [state, setState] = useState<CopyState>("idle");
  const timer = useRef(0);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const copy = useCallback(() => {
    const done = (s: CopyState) => {
      setState(s);
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => setState("idle"), 2000);
    };
    const selectText = () => {
      const el = fallbackTarget.current;
      if (!el) return done("failed");
      const range = document.createRange();
      range.selectNodeContents(el);
      const sel = window.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
      let ok = false;
      try {
        ok = document.execCommand("copy");
      } catch {
        ok = false;
      }
      done(ok ? "copied" : "failed");
    };
    if (navigator.clipboard?.writeText) navigator.clipboard.writeText(text).then(() => done("copied"), selectText);
    else selectText();
  }, [text, fallbackTarget]);
  return [state, copy];
}
