// The scene's latest served runs; a click shows the run's trace as a waterfall (kept for
// failed runs and a sample of the good ones only).
import { useMemo, useState } from "react";
import { formatUs } from "../panels/format";
import type { RunRow } from "./api";
import { ProblemList } from "./ProblemList";
import { RunTrace } from "./RunTrace";

export function RecentRuns({ runs, problems }: { runs: RunRow[] | null; problems: Parameters<typeof ProblemList>[0]["problems"] }) {
  const [open, setOpen] = useState<string | null>(null);
  const shown = useMemo(() => runs ?? [], [runs]);
  return (
    <section className="mon-card" data-testid="recent-runs">
      <h3>Recent runs</h3>
      <ProblemList problems={problems} lead="Could not load the runs:" />
      {runs && !runs.length && <p className="muted">No served run yet.</p>}
      {!!shown.length && (
        <div className="mon-runs">
          <table className="mon-table mon-clickable">
            <thead>
              <tr>
                <th>When</th>
                <th>Status</th>
                <th>Duration</th>
                <th>Unit</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr
                  key={r.id}
                  className={r.id === open ? "selected" : ""}
                  data-testid="run-row"
                  data-status={r.status}
                  data-id={r.id}
                  tabIndex={0}
                  onClick={() => setOpen(r.id)}
                  onKeyDown={(e) => e.key === "Enter" && setOpen(r.id)}
                >
                  <td>{new Date(r.created_at).toLocaleTimeString()}</td>
                  <td>
                    <span className={`mon-status mon-status-${r.status}`}>{r.status}</span>
                  </td>
                  <td>{formatUs(r.duration_us)}</td>
                  <td className="mono">{r.unit_id}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {open ? <RunTrace key={open} id={open} /> : <p className="muted small">Pick a run to see its trace.</p>}
        </div>
      )}
    </section>
  );
}
