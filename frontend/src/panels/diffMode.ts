// Entering and leaving the version diff view: the viewport is put back on exit, so the
// editing view comes back exactly as it was.
import { useCallback } from "react";
import { useReactFlow, type Viewport } from "@xyflow/react";
import { useEditor } from "../editor/store";
import type { DiffView } from "./visualDiff";

let savedViewport: Viewport | null = null;

export function useDiffMode(): { show: (view: DiffView) => void; exit: () => void } {
  const { getViewport, setViewport, fitView } = useReactFlow();
  const show = useCallback(
    (view: DiffView) => {
      const s = useEditor.getState();
      if (!s.diffView) savedViewport = getViewport();
      s.enterDiff(view);
      // After React Flow has the new nodes: ghosts may lie outside the old view.
      window.setTimeout(() => void fitView({ padding: 0.1, maxZoom: 1, duration: 200 }), 60);
    },
    [getViewport, fitView],
  );
  const exit = useCallback(() => {
    useEditor.getState().exitDiff();
    const v = savedViewport;
    savedViewport = null;
    if (v) window.setTimeout(() => void setViewport(v, { duration: 200 }), 0);
  }, [setViewport]);
  return { show, exit };
}
