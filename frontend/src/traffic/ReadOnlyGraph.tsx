// A graph document opened read-only on the editor's canvas (editor/viewOnly.ts). Nodes a bucket changed are marked as "changed", with the layer in the hover.
import { useEffect, useState } from "react";
import { ReactFlowProvider } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import "../editor/editor.css";
import type { GraphDocument } from "../api/types";
import { Canvas } from "../editor/Canvas";
import { useEditor } from "../editor/store";
import { loadForViewing, viewingResource } from "../editor/viewOnly";
import type { NodeDecoration } from "../lib/flow";
import { problemsOf } from "./problems";

interface Props {
  document: GraphDocument;
  /** Node id → why it is marked (e.g. "node.top.param.n set by layer ranking"). */
  marks: Record<string, string>;
  hash: string;
}

export function ReadOnlyGraph({ document, marks, hash }: Props) {
  const [ready, setReady] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    setReady(false);
    loadForViewing(viewingResource(document, { id: 0, name: document.name, config_hash: hash }), () => current)
      .then((loaded) => {
        if (!loaded) return;
        const s = useEditor.getState();
        const decorations: Record<string, NodeDecoration> = {};
        for (const [node, note] of Object.entries(marks)) decorations[node] = { diff: "changed", note };
        s.setDecorations(decorations);
        setReady(true);
      })
      .catch((err: unknown) => current && setError(problemsOf(err).map((p) => p.message).join("; ")));
    return () => {
      current = false;
      useEditor.getState().reset(); // leave no merged graph behind for the editor
    };
  }, [document, marks, hash]);

  if (error) return <p className="bad">Could not draw the graph: {error}</p>;
  if (!ready) return <p className="muted">Drawing the graph…</p>;
  return (
    <div className="readonly-graph" data-testid="readonly-graph" data-hash={hash}>
      {/* Keyed by the hash: another graph gets a fresh viewport, fitted on open. */}
      <ReactFlowProvider key={hash}>
        <Canvas />
      </ReactFlowProvider>
    </div>
  );
}
