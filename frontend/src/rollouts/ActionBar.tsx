// The rollout page's buttons, as the server allows them (`actions`): advance, pause,
// resume, roll back, and the scene's kill switch (editors and approvers; back to the last
// good version at once). Refusals (release window, observation time) in the server's words.
import { useState } from "react";
import type { Problem } from "../api/types";
import { act, killScene, problemsOf, type PostAction } from "./api";
import { ConfirmDialog } from "./ConfirmDialog";
import { Problems } from "./bits";
import { formatPercent } from "./format";
import { can, isLive } from "./states";
import type { Rollout } from "./types";

interface Props {
  rollout: Rollout;
  /** Editors and approvers may use the kill switch. */
  mayKill: boolean;
  onChanged: (rollout: Rollout) => void;
}

type Asking = "rollback" | "kill" | null;

export function ActionBar({ rollout, mayKill, onChanged }: Props) {
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState<Asking>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const r = rollout;

  const run = async (call: () => Promise<Rollout>) => {
    setBusy(true);
    setProblems([]);
    try {
      onChanged(await call());
    } catch (err) {
      setProblems(problemsOf(err));
    } finally {
      setBusy(false);
    }
  };
  const post = (action: PostAction, body: Record<string, string> = {}) => run(() => act(r.id, action, body));

  const next = r.steps[r.step_index + 1];
  // The kill switch undoes this rollout only while it is live or its version still serves.
  const killable = mayKill && (isLive(r.state) || (r.state === "completed" && can(r, "rollback")));
  const buttons = [
    can(r, "advance") && (
      <button key="advance" type="button" className="primary" data-testid="advance-button" disabled={busy} onClick={() => post("advance")}>
        {next ? `Advance to ${formatPercent(next.percent)}` : "Complete (make it production)"}
      </button>
    ),
    can(r, "pause") && <button key="pause" type="button" data-testid="pause-button" disabled={busy} onClick={() => post("pause")}>Pause</button>,
    can(r, "resume") && <button key="resume" type="button" data-testid="resume-button" disabled={busy} onClick={() => post("resume")}>Resume</button>,
    can(r, "rollback") && (
      <button key="rollback" type="button" className="ro-danger" data-testid="rollback-button" disabled={busy} onClick={() => setAsking("rollback")}>
        Roll back
      </button>
    ),
    killable && (
      <button key="kill" type="button" className="ro-kill" data-testid="kill-button" disabled={busy} onClick={() => setAsking("kill")}>
        Kill switch
      </button>
    ),
  ].filter(Boolean);

  return (
    <div className="ro-actions" data-testid="rollout-actions">
      {buttons.length ? <div className="ro-form-actions">{buttons}</div> : <p className="muted small">Nothing to do here now.</p>}
      <Problems problems={problems} testId="action-problems" lead="Refused:" />
      {asking === "rollback" && (
        <ConfirmDialog
          title="Roll back this rollout?"
          body={r.state === "completed"
            ? `Scene '${r.scene}' goes back to v${r.base_number ?? "?"} on the very next request.`
            : `The canary's ${formatPercent(r.percent)} of '${r.scene}' goes back to v${r.base_number ?? "?"} on the very next request. This cannot be resumed: a new rollout is needed.`}
          confirm="Roll back"
          onCancel={() => setAsking(null)}
          onConfirm={(reason) => {
            setAsking(null);
            void post("rollback", { reason });
          }}
        />
      )}
      {asking === "kill" && (
        <ConfirmDialog
          title={`Kill switch for '${r.scene}'?`}
          body={`The scene goes back to its last good version at once, whatever the hour. Use it when something is wrong in production now.`}
          confirm="Kill"
          onCancel={() => setAsking(null)}
          onConfirm={(reason) => {
            setAsking(null);
            void run(() => killScene(r.scene, reason));
          }}
        />
      )}
    </div>
  );
}
