// The replay report of a rule scene: figures, base vs candidate matches per rule as a bar
// chart, and example matches only one side found.
import { Figures } from "./Figures";
import { exampleLines, ruleBars, rulesFigures, rulesHeadline } from "./rulesReport";
import type { RulesReport } from "./types";

const BASE = "#3355dd";
const CANDIDATE = "#d9480f";

export function RulesReportView({ report }: { report: RulesReport }) {
  const bars = ruleBars(report);
  const examples = exampleLines(report);
  return (
    <div className="ro-report" data-testid="replay-report" data-kind="rules">
      <p data-testid="replay-headline">{rulesHeadline(report)}</p>
      <Figures figures={rulesFigures(report)} />

      <h4>Matches per rule</h4>
      <p className="muted small">
        <span className="ro-swatch" style={{ background: BASE }} /> v{report.base_version} (serving now){" "}
        <span className="ro-swatch" style={{ background: CANDIDATE }} /> v{report.candidate_version} (candidate)
      </p>
      {bars.length ? (
        <table className="ro-table compact ro-rule-bars" data-testid="replay-rules">
          <tbody>
            {bars.map((b) => (
              <tr key={b.rule} data-testid="replay-rule" data-rule={b.rule}>
                <th><code>{b.rule}</code><br /><span className="muted small">{b.op}</span></th>
                <td className="ro-rule-bar-cell">
                  <div className="ro-hbar" title={`now: ${b.base}`}><span style={{ width: `${b.baseShare * 100}%`, background: BASE }} /><em>{b.base}</em></div>
                  <div className="ro-hbar" title={`candidate: ${b.candidate}`}><span style={{ width: `${b.candidateShare * 100}%`, background: CANDIDATE }} /><em>{b.candidate}</em></div>
                </td>
                <td className="small">{b.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted" data-testid="replay-rules">Neither version has a rule.</p>
      )}

      {examples.length > 0 && (
        <>
          <h4>Matches only one side found</h4>
          <table className="ro-table compact" data-testid="replay-rule-examples">
            <thead><tr><th>Unit</th><th>Rule</th><th>Found</th><th>Events</th><th>Event time</th></tr></thead>
            <tbody>
              {examples.map((x) => (
                <tr key={x.key} data-testid="replay-example" data-unit={x.unit} data-side={x.side}>
                  <td><code>{x.unit}</code></td><td><code>{x.rule}</code></td><td>{x.text}</td><td className="small">{x.events}</td><td className="small">{x.when}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
