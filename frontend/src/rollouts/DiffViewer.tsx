// The candidate against the base on the editor's canvas, read-only: the editor store is
// loaded with the candidate and put in its version-diff mode (enterDiff turns editing off
// and shows the diff's document: the candidate plus ghosts of removed nodes), with the
// editor's own pure diff (panels/visualDiff.ts) and change list (panels/DiffSummary).
// Nothing of the editor is changed; the store is put back empty on the way out.
import { useEffect, useState } from "react";
import { ReactFlowProvider } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import "../editor/editor.css";
import "../panels/panels.css";
import type { GraphDocument, VersionResource } from "../api/types";
import { Canvas } from "../editor/Canvas";
import { useEditor } from "../editor/store";
import { loadForViewing, viewingResource } from "../editor/viewOnly";
import { DiffSummary } from "../panels/DiffSummary";
import { visualDiff, type DiffView } from "../panels/visualDiff";
import { problemsOf } from "./api";
import { Problems } from "./bits";
import type { Problem } from "../api/types";

interface Props {
  candidate: VersionResource;
  /** null when the scene served nothing before: every node is new. */
  base: VersionResource | null;
}

const EMPTY = (name: string): GraphDocument => ({ schema: 1, name, nodes: [] });

export function DiffViewer({ candidate, base }: Props) {
  const [view, setView] = useState<DiffView | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);

  useEffect(() => {
    let current = true;
    setView(null);
    const resource = viewingResource(candidate.document, {
      id: candidate.graph, name: candidate.graph_name, config_hash: candidate.config_hash,
      author: candidate.author, at: candidate.created_at,
    });
    loadForViewing(resource, () => current)
      .then((loaded) => {
        if (!loaded) return;
        const s = useEditor.getState();
        const older = base?.document ?? EMPTY(candidate.document.name);
        const diff = visualDiff(older, candidate.document, s.catalog);
        const next: DiffView = { ...diff, title: `${base ? `v${base.number}` : "nothing"} → v${candidate.number}` };
        s.enterDiff(next);
        setView(next);
      })
      .catch((err: unknown) => current && setProblems(problemsOf(err)));
    return () => {
      current = false;
      const s = useEditor.getState();
      s.exitDiff();
      s.reset(); // leave no version behind for the editor
    };
  }, [candidate, base]);

  if (problems.length) return <Problems problems={problems} lead="Could not draw the diff:" />;
  if (!view) return <p className="muted">Drawing the diff…</p>;
  return (
    <ReactFlowProvider key={`${base?.id ?? 0}-${candidate.id}`}>
      <div className="ro-diff" data-testid="review-diff" data-summary={view.summary}>
        <div className="ro-diff-canvas">
          <div className="panel-banner diff">
            <strong>Diff {view.title}</strong>
            <span className="muted">read-only · {view.summary}</span>
            <span className="legend">
              <span className="swatch added" /> added <span className="swatch changed" /> changed <span className="swatch removed" /> removed
            </span>
          </div>
          <Canvas />
        </div>
        <aside className="ro-diff-list">
          <DiffSummary view={view} />
        </aside>
      </div>
    </ReactFlowProvider>
  );
}
