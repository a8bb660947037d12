// The review's decision: approve or reject with a comment, shown only when the server says
// this user may (`actions`: an approver who neither made the version nor asked for the
// rollout). Its author is told plainly why there is no button; the author's own steps
// (submit, delete a draft, start once approved) are here too.
import { useState } from "react";
import type { Problem } from "../api/types";
import { act, deleteRollout, problemsOf, type PostAction } from "./api";
import { Problems } from "./bits";
import { formatWhen } from "./format";
import { can } from "./states";
import type { Rollout } from "./types";

interface Props {
  rollout: Rollout;
  /** Made the version or asked for the rollout (four eyes). */
  author: boolean;
  onChanged: (rollout: Rollout) => void;
  onDeleted: () => void;
  onStarted: (rollout: Rollout) => void;
}

export function ReviewBox({ rollout, author, onChanged, onDeleted, onStarted }: Props) {
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);

  const run = async (name: string, call: () => Promise<void>) => {
    setBusy(name);
    setProblems([]);
    try {
      await call();
    } catch (err) {
      setProblems(problemsOf(err));
    } finally {
      setBusy(null);
    }
  };
  const post = (action: PostAction, body: Record<string, string> = {}, then = onChanged) =>
    run(action, async () => then(await act(rollout.id, action, body)));

  const reviewing = can(rollout, "approve") || can(rollout, "reject");
  return (
    <section className="ro-card ro-review" data-testid="review-box">
      <h3>Review</h3>
      {rollout.state === "draft" && <p>Not submitted yet: nobody is asked to review a draft.</p>}
      {rollout.state === "in_review" && author && (
        <p className="ro-four-eyes" data-testid="four-eyes-note">
          You made this — another approver must review it.
        </p>
      )}
      {rollout.state === "in_review" && !author && !reviewing && (
        <p className="muted" data-testid="review-waiting">Waiting for an approver: your role cannot review rollouts.</p>
      )}
      {rollout.reviewed_by && (
        <p data-testid="review-verdict">
          <strong>{rollout.state === "rejected" ? "Rejected" : "Approved"}</strong> by {rollout.reviewed_by} ({formatWhen(rollout.reviewed_at)})
          {rollout.review_comment ? <>: <q>{rollout.review_comment}</q></> : "."}
        </p>
      )}
      {reviewing && (
        <div className="ro-review-form">
          <label className="ro-wide">
            Comment
            <textarea data-testid="review-comment" rows={3} value={comment} placeholder="What you checked, what to watch" onChange={(e) => setComment(e.target.value)} />
          </label>
          <div className="ro-form-actions">
            {can(rollout, "approve") && (
              <button type="button" className="primary" data-testid="approve-button" disabled={busy !== null} onClick={() => post("approve", { comment })}>
                Approve
              </button>
            )}
            {can(rollout, "reject") && (
              <button type="button" className="ro-danger" data-testid="reject-button" disabled={busy !== null} onClick={() => post("reject", { comment })}>
                Reject
              </button>
            )}
          </div>
        </div>
      )}
      <div className="ro-form-actions">
        {can(rollout, "submit") && (
          <button type="button" className="primary" data-testid="submit-button" disabled={busy !== null} onClick={() => post("submit")}>
            Submit for review
          </button>
        )}
        {can(rollout, "start") && (
          <button type="button" className="primary" data-testid="start-button" disabled={busy !== null} onClick={() => post("start", {}, onStarted)}>
            Start at {rollout.steps[0]?.percent ?? 0}%
          </button>
        )}
        {can(rollout, "delete") && (
          <button type="button" className="ro-danger" data-testid="delete-button" disabled={busy !== null} onClick={() => run("delete", async () => { await deleteRollout(rollout.id); onDeleted(); })}>
            Delete
          </button>
        )}
      </div>
      <Problems problems={problems} testId="review-problems" />
    </section>
  );
}
