// Per node: the error / timeout ranking and the slowest nodes (durations come only from
// the runs whose trace was kept, which the caption says).
import type { NodeStats } from "./api";
import { failingNodes, formatMs, formatRate, slowestNodes } from "./stats";

export function NodeRanking({ stats }: { stats: NodeStats }) {
  const rows = failingNodes(stats.results);
  return (
    <section className="mon-card" data-testid="node-ranking">
      <h3>Errors and timeouts by node</h3>
      <p className="muted small">
        From {stats.runs_read} served runs{stats.truncated ? " (the newest ones only)" : ""}. "Broken": not called, its breaker was open.
      </p>
      {!rows.length ? (
        <p className="muted" data-testid="node-ranking-empty">No node failed or timed out in this window.</p>
      ) : (
        <table className="mon-table">
          <thead>
            <tr>
              <th>Node</th>
              <th>Runs</th>
              <th>Errors</th>
              <th>Error rate</th>
              <th>Timeouts</th>
              <th>Timeout rate</th>
              <th>Broken</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.node} data-testid="node-ranking-row" data-node={r.node}>
                <td className="mono">{r.node}</td>
                <td>{r.runs}</td>
                <td>{r.errors}</td>
                <td className={r.error_rate > 0 ? "mon-bad" : ""}>{formatRate(r.error_rate)}</td>
                <td>{r.timeouts}</td>
                <td className={r.timeout_rate > 0 ? "mon-bad" : ""}>{formatRate(r.timeout_rate)}</td>
                <td>{r.broken}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function SlowestNodes({ stats }: { stats: NodeStats }) {
  const rows = slowestNodes(stats.results);
  return (
    <section className="mon-card" data-testid="slowest-nodes">
      <h3>Slowest nodes</h3>
      <p className="muted small">
        Durations from {stats.traces_used} traces{stats.traces_truncated ? " (the newest ones)" : ""}: kept for every failed run and a sample of the
        good ones, so slow failures weigh more than they do in traffic.
      </p>
      {!rows.length ? (
        <p className="muted">No trace in this window.</p>
      ) : (
        <table className="mon-table">
          <thead>
            <tr>
              <th>Node</th>
              <th>p50</th>
              <th>p99</th>
              <th>Traces</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.node} data-testid="slowest-row" data-node={r.node}>
                <td className="mono">{r.node}</td>
                <td>{formatMs(r.p50_ms)}</td>
                <td>{formatMs(r.p99_ms)}</td>
                <td>{r.traced}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
