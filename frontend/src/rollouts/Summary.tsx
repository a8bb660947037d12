// A rollout's header (what goes where, its state, what happens next) and its plan (steps,
// guardrails, auto-advance, the note), shared by the review and rollout pages.
import { Link } from "react-router-dom";
import { StateBadge } from "./bits";
import { formatDuration, formatShare, formatWhen } from "./format";
import { isBeforeStart, nextStepText, trafficText } from "./states";
import type { Rollout } from "./types";

export function RolloutHeader({ rollout, page }: { rollout: Rollout; page: "review" | "rollout" }) {
  const r = rollout;
  return (
    <header className="ro-header" data-testid="rollout-header" data-id={r.id}>
      <div className="crumbs">
        <Link to="/rollouts">Rollouts</Link> / #{r.id}
      </div>
      <div className="ro-head">
        <h2>
          {r.scene}: v{r.base_number ?? "—"} → v{r.version_number}
        </h2>
        <StateBadge state={r.state} />
        <span className="muted" data-testid="rollout-traffic">candidate traffic {trafficText(r)}</span>
        <span className="spacer" />
        <Link to={`/graphs/${r.graph}`}>Open the graph</Link>
        {page === "review" && !isBeforeStart(r.state) && <Link to={`/rollouts/${r.id}`} data-testid="to-rollout">Rollout page</Link>}
        {page === "rollout" && <Link to={`/rollouts/${r.id}/review`} data-testid="to-review">Review and diff</Link>}
      </div>
      <p className="ro-next" data-testid="rollout-next">{nextStepText(r)}</p>
      <p className="muted small">
        Asked by {r.created_by ?? "—"} on {formatWhen(r.created_at)}
        {r.submitted_at ? ` · submitted ${formatWhen(r.submitted_at)}` : ""}
        {r.started_at ? ` · started ${formatWhen(r.started_at)}` : ""}
        {r.finished_at ? ` · ended ${formatWhen(r.finished_at)}` : ""}
      </p>
    </header>
  );
}

export function RolloutPlan({ rollout }: { rollout: Rollout }) {
  const r = rollout;
  return (
    <section className="ro-card" data-testid="rollout-plan">
      <h3>Plan</h3>
      <ol className="ro-plan-steps">
        {r.steps.map((s, i) => (
          <li key={i}>
            <strong>{Number(s.percent.toFixed(2))}%</strong> <span className="muted">for at least {formatDuration(s.min_observation_s)}</span>
          </li>
        ))}
      </ol>
      <p className="small">
        Guardrails: canary error rate at most +{formatShare(r.max_error_rate_delta, 2)}, timeout rate at most +{formatShare(r.max_timeout_rate_delta, 2)}, p99 latency at most ×{r.max_p99_ratio} the control's; judged after {r.min_requests} canary requests. {r.auto_advance ? "Advances on its own when healthy." : "Advanced by hand."}
      </p>
      {r.note && <p className="ro-note" data-testid="rollout-note">{r.note}</p>}
    </section>
  );
}
