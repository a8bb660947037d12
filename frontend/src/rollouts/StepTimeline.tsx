// The steps of a live or finished rollout left to right: done, current (highlighted, with
// the observation countdown) or not reached, each dated from the audit log.
import { formatDuration, formatPercent, formatWhen } from "./format";
import { observationLeft, type TimelineStep } from "./timeline";
import type { Rollout } from "./types";

interface Props {
  rollout: Rollout;
  steps: TimelineStep[];
  /** When the rollout's `observation_left_s` was read, and the time now (epoch ms). */
  readAt: number;
  now: number;
}

const STATUS_TEXT = { done: "done", current: "current", stopped: "stopped here", pending: "not reached" } as const;

export function StepTimeline({ rollout, steps, readAt, now }: Props) {
  const left = observationLeft(rollout.observation_left_s, readAt, now);
  return (
    <ol className="ro-timeline" data-testid="step-timeline">
      {steps.map((s) => (
        <li
          key={s.index}
          className={`ro-step ${s.status}${rollout.state === "paused" && s.status === "current" ? " paused" : ""}`}
          data-testid="timeline-step"
          data-status={s.status}
          data-percent={s.percent}
          aria-current={s.status === "current" ? "step" : undefined}
        >
          <span className="ro-step-percent">{formatPercent(s.percent)}</span>
          <span className="ro-step-status">Step {s.index + 1} · {STATUS_TEXT[s.status]}</span>
          <span className="small muted">observe ≥ {formatDuration(s.minObservationS)}</span>
          {s.startedAt && <span className="small">from {formatWhen(s.startedAt)}</span>}
          {s.endedAt && <span className="small">to {formatWhen(s.endedAt)}</span>}
          {s.status === "current" && (
            <span className="ro-countdown" data-testid="observation-left" data-left={Math.ceil(left)}>
              {left > 0 ? `${formatDuration(left)} of observation left` : "observed long enough"}
            </span>
          )}
          {s.notes.map((n, i) => (
            <span key={i} className="small muted">
              {n.text} ({formatWhen(n.at)}{n.actor ? `, ${n.actor}` : ""})
            </span>
          ))}
        </li>
      ))}
    </ol>
  );
}
