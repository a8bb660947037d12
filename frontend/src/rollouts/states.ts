// The rollout lifecycle in words (webapp/rollouts/models.py: draft → in_review → approved →
// rolling_out → completed, with rejected, paused and rolled_back) and what each state means.
import type { Rollout, RolloutAction, RolloutState } from "./types";

export const STATES: RolloutState[] = [
  "draft", "in_review", "approved", "rejected", "rolling_out", "paused", "completed", "rolled_back",
];

export const STATE_LABEL: Record<RolloutState, string> = {
  draft: "draft", in_review: "in review", approved: "approved", rejected: "rejected",
  rolling_out: "rolling out", paused: "paused", completed: "completed", rolled_back: "rolled back",
};

/** The badge colour: waiting on people, serving, done, or stopped. */
export type Tone = "idle" | "wait" | "live" | "ok" | "bad";

export const STATE_TONE: Record<RolloutState, Tone> = {
  draft: "idle", in_review: "wait", approved: "wait", rejected: "bad",
  rolling_out: "live", paused: "wait", completed: "ok", rolled_back: "bad",
};

/** States in which the candidate serves a share of the scene's traffic. */
export const isLive = (state: RolloutState) => state === "rolling_out" || state === "paused";

/** States a review page is for: before any traffic moved. */
export const isBeforeStart = (state: RolloutState) =>
  state === "draft" || state === "in_review" || state === "approved" || state === "rejected";

export const can = (rollout: Pick<Rollout, "actions">, action: RolloutAction) => rollout.actions.includes(action);

/** The share of traffic in words, for lists: "20% (step 3 of 5)". */
export function trafficText(r: Pick<Rollout, "state" | "percent" | "step_index" | "steps">): string {
  if (isLive(r.state)) return `${Number(r.percent.toFixed(2))}% (step ${r.step_index + 1} of ${r.steps.length})`;
  if (r.state === "completed") return "100%";
  return "0%";
}

/** Who may not review: whoever made the version or asked for its rollout. The server
 * decides (`actions`); this only picks the words shown to such a person. */
export function isAuthor(r: Pick<Rollout, "created_by">, versionAuthor: string | null, username: string | null): boolean {
  return username !== null && (r.created_by === username || versionAuthor === username);
}

/** What happens next, in one sentence, for the page header. */
export function nextStepText(r: Pick<Rollout, "state" | "reviewed_by" | "end_reason">): string {
  switch (r.state) {
    case "draft":
      return "A draft: submit it for review when the steps and guardrails are right.";
    case "in_review":
      return "Waiting for an approver who neither made the version nor asked for this rollout.";
    case "approved":
      return `Approved${r.reviewed_by ? ` by ${r.reviewed_by}` : ""}: ready to start.`;
    case "rejected":
      return `Rejected${r.reviewed_by ? ` by ${r.reviewed_by}` : ""}. A new edit is a new version and needs a new rollout.`;
    case "rolling_out":
      return "Serving the candidate to a share of traffic; guardrails are watched.";
    case "paused":
      return "Paused: the canary keeps its share of traffic but does not advance.";
    case "completed":
      return "Completed: the candidate is the scene's production version.";
    case "rolled_back":
      return `Rolled back${r.end_reason ? `: ${r.end_reason}` : ""}.`;
  }
}

/** A rollout not yet started is about its review; a started one about its traffic. */
export const rolloutPath = (r: Pick<Rollout, "id" | "state">) => `/rollouts/${r.id}${isBeforeStart(r.state) ? "/review" : ""}`;
