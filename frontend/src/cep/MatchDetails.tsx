// A match opened up: the events it is made of, what each action node did, what was
// recorded, and the rule graph's run.
import { Link } from "react-router-dom";
import { formatValue } from "../panels/format";
import type { MatchRow } from "./types";

const json = (v: unknown) => formatValue(v, 160);

export function MatchDetails({ match }: { match: MatchRow }) {
  const actions = Object.entries(match.actions);
  return (
    <div className="cep-details" data-testid="match-details">
      <dl className="cep-kv">
        <div><dt>Match id</dt><dd className="mono">{match.match_id}</dd></div>
        {match.key && <div><dt>Group</dt><dd className="mono">{match.key}</dd></div>}
        <div><dt>Event time</dt><dd>{new Date(match.match_ts).toLocaleString()}</dd></div>
        <div><dt>Events</dt><dd className="mono" data-testid="match-events">{match.event_ids.join(", ") || "—"}</dd></div>
        <div>
          <dt>Run</dt>
          <dd>{match.run ? <Link to={`/runs/${match.run}`} data-testid="match-run-link" className="mono">{match.run}</Link> : <span className="muted">none (the rule graph did not run)</span>}</dd>
        </div>
      </dl>
      <h5>Actions</h5>
      {actions.length ? (
        <table className="cep-table compact" data-testid="match-actions">
          <thead><tr><th>Node</th><th>Operator</th><th>Outcome</th><th>Detail</th></tr></thead>
          <tbody>
            {actions.map(([node, a]) => (
              <tr key={node} data-testid="match-action" data-node={node} data-status={a.status}>
                <td><code>{node}</code></td>
                <td>{a.op}</td>
                <td><span className={`cep-status cep-status-${a.status}`}>{a.status}</span>{a.queue && <span className="muted small"> · run {a.queue}</span>}</td>
                <td className={a.error ? "bad" : "mono small"}>{a.error ?? (a.output === undefined ? "" : json(a.output))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted small">No action ran{match.status === "running" ? " yet" : ""}.</p>
      )}
      {match.records.length > 0 && (
        <>
          <h5>Recorded</h5>
          <ul className="cep-records" data-testid="match-records">
            {match.records.map((r, i) => (
              <li key={i}><strong>{r.label}</strong> <span className="mono small">{json(r.data)}</span></li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
