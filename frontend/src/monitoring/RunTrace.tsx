// One run: its status, duration and unit, and its trace as a waterfall when one was kept.
import { useCallback, useState } from "react";
import { formatUs } from "../panels/format";
import { Waterfall } from "../panels/Waterfall";
import "../panels/panels.css";
import { useLoad } from "../rollouts/hooks";
import { fetchRun } from "./api";
import { ProblemList } from "./ProblemList";

export function RunTrace({ id }: { id: string }) {
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
