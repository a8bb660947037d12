// Shown when saving hit a newer revision on the server: what they changed, what we
// changed, and a choice between their version and ours.
import { summarizeDiff, type DocDiff } from "../lib/docDiff";
import { keepMine, reloadTheirs } from "./persistence";
import { useEditor } from "./store";

function DiffList({ diff, empty }: { diff: DocDiff; empty: string }) {
  const lines = summarizeDiff(diff);
  if (!lines.length) return <p className="muted">{empty}</p>;
  return <ul className="diff-list">{lines.map((l) => <li key={l}>{l}</li>)}</ul>;
}

export function ConflictDialog() {
  const conflict = useEditor((s) => s.conflict);
  if (!conflict) return null;
  const { current, theirs, mine } = conflict;
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="conflict-title" data-testid="conflict-dialog">
        <h3 id="conflict-title">The graph changed on the server</h3>
        <p>
          Revision {current.revision} was saved by <strong>{current.updated_by ?? "someone"}</strong>{" "}
          at {new Date(current.updated_at).toLocaleString()} while you were editing.
        </p>
        <h4>Their changes</h4>
        <DiffList diff={theirs} empty="No change to nodes or settings." />
        <h4>Your unsaved changes</h4>
        <DiffList diff={mine} empty="None." />
        <div className="button-row right">
          <button type="button" data-testid="conflict-reload" onClick={reloadTheirs}>Reload theirs (discard mine)</button>
          <button type="button" className="primary" data-testid="conflict-keep-mine" onClick={() => void keepMine()}>Keep mine (save over theirs)</button>
        </div>
      </div>
    </div>
  );
}
