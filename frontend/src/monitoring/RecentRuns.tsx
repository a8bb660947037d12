// The scene's latest served runs; a click shows the run's trace as a waterfall (kept for
// failed runs and a sample of the good ones only).
import { useCallback, useMemo, useState } from "react";
import { formatUs } from "../panels/format";
import { Waterfall } from "../panels/Waterfall";
import "../panels/panels.css";
import { useLoad } from "../rollouts/hooks";
import { fetchRun, type RunRow } from "./api";
import { ProblemList } from "./ProblemList";

function RunTrace({ id }: { id: string }) {
  const load = useCallback(() => fetchRun(id), [id]);
  const run = useLoad(load);
  const [node, setNode] = useState<string | null>(null);
  const r = run.data;
  return (
    <div className="mon-trace" data-testid="run-trace">
      <ProblemList problems={run.problems} lead="Could not load the run:" />
      {!r && !run.problems.length && <p className="muted">Loading the run…</p>}
      {r && (
        <>
          <p className="small">
            Run <span className="mono">{String(r.id)}</span>: {r.status}, {formatUs(r.duration_us)}
            {r.unit_id && <> for unit <span className="mono">{r.unit_id}</span></>}
          </p>
          {r.trace ? (
            <Waterfall trace={r.trace} selected={node} onSelect={setNode} />
          ) : (
            <p className="muted small" data-testid="run-no-trace">
              No trace was kept for this run: only failed runs and a sample of the good ones keep theirs.
            </p>
          )}
          {node && r.errors.some((e) => e.node === node) && (
            <p className="mon-warn small">{r.errors.filter((e) => e.node === node).map((e) => e.message).join("; ")}</p>
          )}
        </>
      )}
    </div>
  );
}

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
