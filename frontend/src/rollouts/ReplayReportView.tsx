// The replay report: headline figures, latency per arm, the nodes whose outputs changed,
// the candidate's errors, and the requests that changed most with both answers side by side.
// A rule scene's report (matches, not answers) has its own view.
import { changedNodes, exampleRows, figures, headline, latencyRows, unchangedCount } from "./replayView";
import { Figures } from "./Figures";
import { formatShare } from "./format";
import { RulesReportView } from "./RulesReportView";
import { isRulesReport, type RecommendReport, type ReplayReport } from "./types";

const MARK_TITLE = { same: "same rank in both", moved: "in both, at another rank", only: "only in this answer", none: "" } as const;

export function ReplayReportView({ report }: { report: ReplayReport }) {
  return isRulesReport(report) ? <RulesReportView report={report} /> : <RecommendReportView report={report} />;
}

function RecommendReportView({ report }: { report: RecommendReport }) {
  const nodes = changedNodes(report);
  return (
    <div className="ro-report" data-testid="replay-report">
      <p data-testid="replay-headline">{headline(report)}</p>
      <Figures figures={figures(report)} />

      <h4>Latency and outcome</h4>
      <table className="ro-table compact" data-testid="replay-latency">
        <thead>
          <tr><th /><th>p50</th><th>p99</th><th>Outcome</th></tr>
        </thead>
        <tbody>
          {latencyRows(report).map((r) => (
            <tr key={r.arm} data-arm={r.arm}>
              <th>{r.label}</th><td>{r.p50}</td><td>{r.p99}</td><td>{r.status}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h4>Nodes whose output changed</h4>
      {nodes.length ? (
        <ul className="ro-nodes" data-testid="replay-nodes">
          {nodes.map((n) => (
            <li key={n.node} data-testid="replay-node" data-node={n.node}>
              <code>{n.node}</code> {n.text}
              <span className="ro-bar" aria-hidden><span style={{ width: formatShare(n.share, 0) }} /></span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted" data-testid="replay-nodes">No node answered differently.</p>
      )}
      {unchangedCount(report) > 0 && <p className="muted small">{unchangedCount(report)} other node{unchangedCount(report) === 1 ? "" : "s"} answered exactly as before.</p>}

      {report.errors.length > 0 && (
        <>
          <h4>Errors in the candidate</h4>
          <ul className="ro-errors" data-testid="replay-errors">
            {report.errors.map((e) => (
              <li key={e.message}>{e.message} <span className="muted">({e.requests} request{e.requests === 1 ? "" : "s"})</span></li>
            ))}
          </ul>
        </>
      )}

      {report.examples.length > 0 && (
        <>
          <h4>Requests that changed most</h4>
          <div className="ro-examples">
            {report.examples.map((ex) => (
              <table key={ex.unit_id} className="ro-example" data-testid="replay-example" data-unit={ex.unit_id}>
                <caption>
                  unit <code>{ex.unit_id || "—"}</code> · overlap {formatShare(ex.overlap, 0)}
                </caption>
                <thead>
                  <tr><th>#</th><th>Base</th><th>Candidate</th></tr>
                </thead>
                <tbody>
                  {exampleRows(ex.base, ex.candidate).map((row) => (
                    <tr key={row.rank}>
                      <td className="muted">{row.rank}</td>
                      <td className={`ro-item ${row.baseMark}`} title={MARK_TITLE[row.baseMark]}>{row.base ?? ""}</td>
                      <td className={`ro-item ${row.candidateMark}`} title={MARK_TITLE[row.candidateMark]}>{row.candidate ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ))}
          </div>
          <p className="muted small">
            <span className="ro-item moved">moved</span> in both answers at another rank · <span className="ro-item only">only</span> in one answer
          </p>
        </>
      )}
    </div>
  );
}
