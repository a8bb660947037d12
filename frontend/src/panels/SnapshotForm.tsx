// Snapshot the saved head as a new immutable version, with a note (editors only).
import { useState } from "react";
import type { Problem, VersionResource } from "../api/types";
import { selectDirty, useEditor } from "../editor/store";
import { problemsOf, snapshotVersion } from "./api";
import { ProblemList } from "./ProblemList";

export function SnapshotForm({ graphId, onCreated }: { graphId: number; onCreated: (v: VersionResource) => void }) {
  const dirty = useEditor(selectDirty);
  const revision = useEditor((s) => s.resource?.revision);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [done, setDone] = useState<string | null>(null);

  const submit = async () => {
    setBusy(true);
    setProblems([]);
    setDone(null);
    try {
      const v = await snapshotVersion(graphId, note.trim());
      setNote("");
      setDone(`Version ${v.number} created.`);
      onCreated(v);
    } catch (err) {
      setProblems(problemsOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="snapshot-form">
      <div className="inline-form">
        <input
          className="text-input"
          data-testid="snapshot-note"
          placeholder="Note, e.g. “cf limit 300 → 400”"
          maxLength={500}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          onKeyDown={(e) => e.key === "Enter" && !busy && void submit()}
        />
        <button type="button" className="primary" data-testid="snapshot-button" disabled={busy} onClick={() => void submit()}>
          {busy ? "Saving…" : "Snapshot"}
        </button>
      </div>
      {dirty && <p className="panel-note small">Snapshots the <strong>saved</strong> graph (r{revision}); unsaved changes are not included.</p>}
      {done && <p className="ok small" data-testid="snapshot-done">{done}</p>}
      <ProblemList problems={problems} testId="snapshot-errors" />
    </div>
  );
}
