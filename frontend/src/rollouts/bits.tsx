// Small pieces the rollout pages share: the state badge and problems in plain words.
import type { Problem } from "../api/types";
import { problemText } from "./format";
import { STATE_LABEL, STATE_TONE } from "./states";
import type { RolloutState } from "./types";

export function StateBadge({ state }: { state: RolloutState }) {
  return (
    <span className={`ro-badge ro-${STATE_TONE[state]}`} data-testid="rollout-state" data-state={state}>
      {STATE_LABEL[state]}
    </span>
  );
}

export function Problems({ problems, testId = "rollout-problems", lead }: { problems: Problem[]; testId?: string; lead?: string }) {
  if (!problems.length) return null;
  return (
    <div className="ro-problems" role="alert" data-testid={testId}>
      {lead && <strong>{lead} </strong>}
      {problems.length === 1 ? (
        <span>{problemText(problems[0] as Problem)}</span>
      ) : (
        <ul>
          {problems.map((p, i) => (
            <li key={`${p.code}-${i}`}>{problemText(p)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** What a rollout page shows until its rollout is read: why not, or that it is coming. */
export function RolloutPending({ problems }: { problems: Problem[] }) {
  return (
    <div className="ro-page">
      <Problems problems={problems} lead="Could not load the rollout:" />
      {!problems.length && <p className="muted">Loading…</p>}
    </div>
  );
}
