// Select a node and centre the view on it, staying on the current panel tab (the
// editor's focusNode switches to the inspector). Works on the diff view's document too.
import { useCallback } from "react";
import { useReactFlow } from "@xyflow/react";
import { useEditor } from "../editor/store";
import { nodeGeometry } from "../lib/geometry";

export function useFocusNode(): (id: string) => void {
  const { setCenter, getZoom } = useReactFlow();
  return useCallback(
    (id: string) => {
      const s = useEditor.getState();
      const node = (s.diffView?.doc ?? s.doc).nodes.find((n) => n.id === id);
      if (!node) return;
      if (node.group && s.collapsed.has(node.group)) s.toggleCollapsed(node.group, false);
      s.setSelection([id]);
      const g = nodeGeometry(node, s.catalog[node.op]);
      const p = node.position ?? { x: 0, y: 0 };
      void setCenter(p.x + g.width / 2, p.y + g.height / 2, { zoom: Math.max(getZoom(), 0.8), duration: 300 });
    },
    [setCenter, getZoom],
  );
}
