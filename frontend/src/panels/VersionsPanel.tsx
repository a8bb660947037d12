// "Versions" tab: the graph's versions, a snapshot of the saved head, and a visual diff of
// two versions (or a version and the editor's document) drawn on the canvas.
import { useCallback, useEffect, useState } from "react";
import type { GraphDocument, Problem, VersionResource } from "../api/types";
import { useMe } from "../api/me";
import { useEditor } from "../editor/store";
import { listVersions, problemsOf } from "./api";
import { useDiffMode } from "./diffMode";
import { DiffSummary } from "./DiffSummary";
import { ProblemList } from "./ProblemList";
import { SnapshotForm } from "./SnapshotForm";
import { CURRENT, VersionList } from "./VersionList";
import { visualDiff } from "./visualDiff";
import "./panels.css";

interface Side {
  label: string;
  doc: GraphDocument;
  /** Order: versions by number, the editor's document after all of them. */
  rank: number;
}

export function VersionsPanel() {
  const graphId = useEditor((s) => s.graphId);
  const view = useEditor((s) => s.diffView);
  const me = useMe();
  const { show, exit } = useDiffMode();
  const [versions, setVersions] = useState<VersionResource[] | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [picked, setPicked] = useState<string[]>([]);

  const reload = useCallback(() => {
    if (graphId === null) return;
    listVersions(graphId).then(setVersions, (err: unknown) => setProblems(problemsOf(err)));
  }, [graphId]);
  useEffect(reload, [reload]);

  // Two sides at most: a third pick replaces the older pick.
  const toggle = (key: string) => setPicked((p) => (p.includes(key) ? p.filter((k) => k !== key) : [...p, key].slice(-2)));

  const side = (key: string): Side | null => {
    if (key === CURRENT) return { label: "editor", doc: useEditor.getState().doc, rank: Infinity };
    const v = versions?.find((x) => String(x.id) === key);
    return v ? { label: `v${v.number}`, doc: v.document, rank: v.number } : null;
  };
  const showDiff = () => {
    const [a, b] = picked.map(side);
    if (!a || !b) return;
    const [older, newer] = a.rank <= b.rank ? [a, b] : [b, a];
    const diff = visualDiff(older.doc, newer.doc, useEditor.getState().catalog);
    show({ ...diff, title: `${older.label} → ${newer.label}` });
  };

  if (graphId === null) return null;
  return (
    <div className="panel-pad versions-panel" data-testid="versions-panel">
      {view && (
        <div className="inspector-section first">
          <div className="kv-head">
            <h4>Diff on the canvas</h4>
            <span className="spacer" />
            <button type="button" onClick={exit}>Exit diff</button>
          </div>
          <DiffSummary view={view} />
        </div>
      )}
      {me?.can_edit && (
        <div className="inspector-section first">
          <h4>Snapshot</h4>
          <SnapshotForm graphId={graphId} onCreated={reload} />
        </div>
      )}
      <div className="inspector-section">
        <div className="kv-head">
          <h4>Versions {versions && <span className="muted">({versions.length})</span>}</h4>
          <span className="spacer" />
          <button type="button" data-testid="diff-button" disabled={picked.length !== 2 || !versions} onClick={showDiff} title="Pick two (checkboxes), then draw their differences on the canvas">
            Show diff
          </button>
        </div>
        <p className="muted small">Pick two to compare: the newer one is drawn, with what changed since the older.</p>
        <ProblemList problems={problems} testId="versions-errors" />
        {versions === null && !problems.length && <p className="muted small">Loading…</p>}
        {versions !== null && <VersionList versions={versions} picked={picked} onToggle={toggle} />}
        {versions?.length === 0 && <p className="muted small">No versions yet{me?.can_edit ? ": take a snapshot above." : "."}</p>}
      </div>
    </div>
  );
}
