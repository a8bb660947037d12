// The guardrails' verdict now, in words: healthy, breached (which and by how much), or not
// judged yet (too few canary requests), with canary and control side by side.
import { formatMs, formatShare } from "./format";
import type { ArmStats, Guardrails } from "./types";

function verdict(g: Guardrails): { tone: string; text: string } {
  if (g.healthy === null) {
    return { tone: "wait", text: `Not judged yet: the canary has served ${g.canary.requests} of the ${g.thresholds.min_requests} requests needed.` };
  }
  if (g.healthy) return { tone: "ok", text: "Healthy: the canary is within every guardrail." };
  return { tone: "bad", text: "Breached — the rollout is rolled back on the next check:" };
}

const row = (label: string, pick: (a: ArmStats) => string, g: Guardrails, limit: string) => (
  <tr key={label}>
    <th>{label}</th>
    <td>{pick(g.canary)}</td>
    <td>{pick(g.control)}</td>
    <td className="muted">{limit}</td>
  </tr>
);

export function GuardrailsBox({ guardrails }: { guardrails: Guardrails }) {
  const g = guardrails;
  const v = verdict(g);
  const t = g.thresholds;
  return (
    <div className="ro-guardrails" data-testid="guardrails" data-healthy={String(g.healthy)}>
      <p className={`ro-verdict ${v.tone}`} data-testid="guardrails-verdict">{v.text}</p>
      {g.breaches.length > 0 && (
        <ul className="ro-breaches" data-testid="guardrails-breaches">
          {g.breaches.map((b) => <li key={b}>{b}</li>)}
        </ul>
      )}
      <table className="ro-table compact">
        <thead>
          <tr><th /><th>Canary</th><th>Control</th><th>Allowed</th></tr>
        </thead>
        <tbody>
          {row("Requests", (a) => String(a.requests), g, `judged from ${t.min_requests}`)}
          {row("Error rate", (a) => formatShare(a.error_rate, 2), g, `+${formatShare(t.max_error_rate_delta, 2)}`)}
          {row("Timeout rate", (a) => formatShare(a.timeout_rate, 2), g, `+${formatShare(t.max_timeout_rate_delta, 2)}`)}
          {row("p99 latency", (a) => formatMs(a.p99_ms), g, `×${t.max_p99_ratio}`)}
        </tbody>
      </table>
    </div>
  );
}
