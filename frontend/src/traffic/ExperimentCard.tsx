// One experiment: status, start / stop, its buckets (range, share, overrides) and the
// forms that change them.
import { useState } from "react";
import { formatTime } from "../panels/format";
import { deleteBucket, deleteExperiment, startExperiment, stopExperiment } from "./api";
import { BucketForm } from "./BucketForm";
import { ConfirmButton } from "./ConfirmButton";
import { ErrorList } from "./ErrorList";
import { ExperimentForm } from "./ExperimentForm";
import { useSceneContext } from "./sceneData";
import { formatRange } from "./trafficBar";
import type { Bucket, Experiment, Layer } from "./types";
import { useSubmit } from "./useSubmit";

function OverridesCell({ bucket }: { bucket: Bucket }) {
  const entries = Object.entries(bucket.overrides);
  if (!entries.length) return <span className="muted">none</span>;
  return (
    <ul className="plain overrides-list">
      {entries.map(([k, v]) => <li key={k}><code>{k}</code> = {v === null ? <em className="muted">unset</em> : <code>{v}</code>}</li>)}
    </ul>
  );
}

export function ExperimentCard({ experiment, layer }: { experiment: Experiment; layer: Layer }) {
  const { canEdit, reload } = useSceneContext();
  const [editing, setEditing] = useState(false);
  const [bucketForm, setBucketForm] = useState<Bucket | "new" | null>(null);
  const { busy, problems, run } = useSubmit();
  const running = experiment.status === "running";
  const act = async (write: () => Promise<unknown>) => {
    if (await run(write)) await reload();
  };

  return (
    <div className={`experiment-card status-${experiment.status}`} data-testid="experiment-card" data-name={experiment.name} data-status={experiment.status}>
      {editing ? (
        <ExperimentForm layer={layer} experiment={experiment} onDone={() => setEditing(false)} />
      ) : (
        <div className="experiment-head">
          <strong>{experiment.name}</strong>
          <span className={`badge status-badge ${experiment.status}`} data-testid="experiment-status">{experiment.status}</span>
          {experiment.started_at && <span className="muted small">started {formatTime(experiment.started_at)}</span>}
          {experiment.stopped_at && !running && <span className="muted small">stopped {formatTime(experiment.stopped_at)}</span>}
          <span className="spacer" />
          {canEdit && (
            <div className="card-actions">
              {running ? (
                <button type="button" disabled={busy} onClick={() => void act(() => stopExperiment(experiment.id))} data-testid="experiment-stop">Stop</button>
              ) : (
                <button type="button" className="primary" disabled={busy} onClick={() => void act(() => startExperiment(experiment.id))} data-testid="experiment-start">Start</button>
              )}
              <button type="button" onClick={() => setEditing(true)} data-testid="experiment-edit">Edit</button>
              <ConfirmButton label="Delete" question={`Delete experiment ${experiment.name}?`} disabled={running} title={running ? "Stop it first" : undefined} onConfirm={() => void act(() => deleteExperiment(experiment.id))} testId="experiment-delete" />
            </div>
          )}
        </div>
      )}
      {experiment.description && !editing && <p className="muted small">{experiment.description}</p>}
      <ErrorList problems={problems} />
      {experiment.buckets.length > 0 && (
        <table className="traffic-table buckets">
          <thead><tr><th>Bucket</th><th>Range</th><th>Overrides</th>{canEdit && <th />}</tr></thead>
          <tbody>
            {experiment.buckets.map((b) => (
              <tr key={b.id} data-testid="bucket-row" data-name={b.name}>
                <td>{b.name}</td>
                <td data-testid="bucket-range">{formatRange(b.start, b.end)}</td>
                <td><OverridesCell bucket={b} /></td>
                {canEdit && (
                  <td className="row-actions">
                    <button type="button" onClick={() => setBucketForm(b)} data-testid="bucket-edit">Edit</button>
                    <ConfirmButton label="Delete" question={running ? "Its units go back to no bucket. Delete?" : "Delete?"} onConfirm={() => void act(() => deleteBucket(b.id))} testId="bucket-delete" />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {bucketForm !== null ? (
        <BucketForm key={bucketForm === "new" ? "new" : bucketForm.id} experiment={experiment} layer={layer} bucket={bucketForm === "new" ? null : bucketForm} onDone={() => setBucketForm(null)} />
      ) : (
        canEdit && <button type="button" className="add-link" onClick={() => setBucketForm("new")} data-testid="new-bucket-button">+ Add bucket</button>
      )}
    </div>
  );
}
