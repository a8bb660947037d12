// A finished run in one line (status, total time, run id), its node problems, and Clear.
import type { RunOutcome } from "./runResult";
import { RUN_STATUS_TEXT } from "./runResult";
import { formatUs } from "./format";
import { ProblemList } from "./ProblemList";

export function RunSummary({ run, onClear }: { run: RunOutcome; onClear: () => void }) {
  const counts = new Map<string, number>();
  for (const st of Object.values(run.nodeStatus)) counts.set(st, (counts.get(st) ?? 0) + 1);
  return (
    <div className="run-summary">
      <div className="run-summary-head">
        <span className={`run-status rs-${run.status}`} data-testid="run-status" data-status={run.status}>
          {RUN_STATUS_TEXT[run.status] ?? run.status}
        </span>
        <span className="run-total" title="Total run time (the worker's engine)">{formatUs(run.durationUs)}</span>
        <span className="spacer" />
        <button type="button" data-testid="run-clear" onClick={onClear} title="Forget this run and take its colours off the canvas">Clear</button>
      </div>
      <div className="muted small">
        {[...counts].map(([st, n]) => `${n} ${st}`).join(" · ")}
        {" · run "}
        <code title={run.runId}>{run.runId.slice(0, 8)}</code>
      </div>
      <ProblemList problems={run.errors} testId="run-errors" />
    </div>
  );
}
