// Live canary-against-control charts of a rollout: error rate, p99 latency and requests per
// time step, polled every few seconds. A default export so the rollout page loads it (and
// uPlot with it) lazily: no other page pays for the chart library.
import { useCallback, useMemo } from "react";
import { fetchMetrics } from "./api";
import { Problems } from "./bits";
import { columns, stepFor, totals } from "./chartData";
import { formatDuration } from "./format";
import { useLoad } from "./hooks";
import { COLORS, UPlotChart } from "./UPlotChart";

interface Props {
  rolloutId: number;
  startedAt: string | null;
  /** Poll while traffic is moving; a finished rollout's series is read once. */
  live: boolean;
}

const POLL_MS = 5000;

export default function MetricsCharts({ rolloutId, startedAt, live }: Props) {
  // The time step is fixed per mount: points keep their meaning between polls.
  const stepS = useMemo(() => stepFor(startedAt, Date.now()), [startedAt]);
  const load = useCallback(() => fetchMetrics(rolloutId, stepS), [rolloutId, stepS]);
  const metrics = useLoad(load, live ? POLL_MS : 0);
  const points = metrics.data?.points;
  const charts = useMemo(
    () => (points ? { errors: columns(points, "error_rate"), p99: columns(points, "p99_ms"), requests: columns(points, "requests"), total: totals(points) } : null),
    [points],
  );

  return (
    <div className="ro-charts" data-testid="metrics-charts">
      <Problems problems={metrics.problems} lead="Could not load the metrics:" />
      {!charts && !metrics.problems.length && <p className="muted">Loading the metrics…</p>}
      {charts && (
        <>
          <p className="small">
            <span className="ro-key" style={{ background: COLORS.canary }} /> canary: {charts.total.canary} requests ·{" "}
            <span className="ro-key" style={{ background: COLORS.control }} /> control: {charts.total.control} requests ·{" "}
            <span className="muted">one point per {formatDuration(stepS)}{live ? `, refreshed every ${POLL_MS / 1000} s` : ""}</span>
          </p>
          {!charts.requests.x.length && <p className="muted" data-testid="metrics-empty">No request was served since the start yet.</p>}
          <div className="ro-chart-grid">
            <UPlotChart testId="chart-error-rate" title="Error rate" unit="%" columns={charts.errors} />
            <UPlotChart testId="chart-p99" title="p99 latency" unit=" ms" columns={charts.p99} />
            <UPlotChart testId="chart-requests" title="Requests per time step" unit="" columns={charts.requests} bars />
          </div>
        </>
      )}
    </div>
  );
}
