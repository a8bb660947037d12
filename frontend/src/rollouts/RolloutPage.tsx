// "/rollouts/:id": a rollout under way or finished — its step timeline, the guardrails'
// verdict, live canary-against-control charts, the buttons the user may press, and every
// transition with who and when.
import { lazy, Suspense, useCallback, useMemo } from "react";
import { useParams } from "react-router-dom";
import { useMe } from "../api/me";
import { ActionBar } from "./ActionBar";
import { fetchGuardrails, fetchRollout, fetchRolloutAudit } from "./api";
import { Problems, RolloutPending } from "./bits";
import { formatWhen } from "./format";
import { GuardrailsBox } from "./GuardrailsBox";
import { canOperate, useLoad, useNow } from "./hooks";
import { isBeforeStart, isLive } from "./states";
import { StepTimeline } from "./StepTimeline";
import { RolloutHeader, RolloutPlan } from "./Summary";
import { events, timeline } from "./timeline";
import type { Rollout } from "./types";
import "./rollouts.css";

const MetricsCharts = lazy(() => import("./MetricsCharts"));
const POLL_MS = 3000;

export function RolloutPage() {
  const id = Number(useParams().id);
  const me = useMe();
  const loadRollout = useCallback(() => fetchRollout(id), [id]);
  const rollout = useLoad(loadRollout, POLL_MS);
  const r = rollout.data;
  const live = r ? isLive(r.state) : false;
  // The log is re-read whenever the rollout changes state or step, not on every poll.
  const stamp = r ? `${r.state}:${r.step_index}:${r.updated_at}` : null;
  const loadAudit = useMemo(() => (stamp === null ? null : () => fetchRolloutAudit(id)), [id, stamp]);
  const audit = useLoad(loadAudit);
  const startedAt = r?.started_at ?? null;
  const loadGuardrails = useMemo(() => (startedAt ? () => fetchGuardrails(id) : null), [id, startedAt]);
  const guardrails = useLoad(loadGuardrails, live ? 5000 : 0);
  const now = useNow(1000, live);

  if (!Number.isInteger(id) || id <= 0) return <p className="empty">No such rollout.</p>;
  if (!r) return <RolloutPending problems={rollout.problems} />;
  // The kill switch answers with the rollout it rolled back: this one, or (rarely) the
  // scene's other rollout, in which case this page just reads its own again.
  const changed = (next: Rollout) => (next.id === r.id ? rollout.set(next) : void rollout.reload());
  const steps = timeline(r, audit.data ?? []);
  return (
    <div className="ro-page" data-testid="rollout-page" data-state={r.state} data-step={r.step_index}>
      <RolloutHeader rollout={r} page="rollout" />
      <Problems problems={rollout.problems} lead="Could not refresh:" />
      {isBeforeStart(r.state) ? (
        <p className="muted">Not started yet: the review page has the diff, the replay and the decision.</p>
      ) : (
        <>
          <section className="ro-card">
            <h3>Steps</h3>
            <StepTimeline rollout={r} steps={steps} readAt={rollout.readAt} now={now} />
            <ActionBar rollout={r} mayKill={canOperate(me)} onChanged={changed} />
          </section>
          <section className="ro-card">
            <h3>Guardrails</h3>
            <Problems problems={guardrails.problems} lead="Could not check the guardrails:" />
            {guardrails.data ? <GuardrailsBox guardrails={guardrails.data} /> : !guardrails.problems.length && <p className="muted">Checking…</p>}
            {r.end_reason && <p data-testid="end-reason">Ended: {r.end_reason}</p>}
          </section>
          <section className="ro-card">
            <h3>Canary against control</h3>
            <Suspense fallback={<p className="muted">Loading the charts…</p>}>
              <MetricsCharts rolloutId={r.id} startedAt={r.started_at} live={live} />
            </Suspense>
          </section>
        </>
      )}
      <div className="ro-columns">
        <RolloutPlan rollout={r} />
        <section className="ro-card" data-testid="rollout-history">
          <h3>History</h3>
          <Problems problems={audit.problems} lead="Could not read the audit log:" />
          <ol className="ro-history">
            {events(audit.data ?? []).map((e, i) => (
              <li key={i} data-action={e.action}>
                <span className="muted small">{formatWhen(e.at)}</span> <strong>{e.actor ?? "the system"}</strong> {e.text}
              </li>
            ))}
          </ol>
        </section>
      </div>
    </div>
  );
}
