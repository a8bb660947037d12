// The step timeline of a rollout: its planned steps, which one is current, and when each
// began and ended, from the rollout's transitions in the audit log (start → step 1, each
// advance → the next step, complete / roll back → the end of the step then current).
import type { AuditEntry, Rollout } from "./types";

export type StepStatus = "done" | "current" | "stopped" | "pending";

export interface TimelineStep {
  index: number;
  percent: number;
  minObservationS: number;
  status: StepStatus;
  startedAt: string | null;
  endedAt: string | null;
  /** Pauses, resumes and the end, in words, with when and who. */
  notes: TimelineNote[];
}

export interface TimelineNote {
  at: string;
  actor: string | null;
  text: string;
}

export interface TimelineEvent extends TimelineNote {
  action: string;
}

const ACTION_TEXT: Record<string, string> = {
  "rollout.create": "created",
  "rollout.update": "changed",
  "rollout.submit": "submitted for review",
  "rollout.approve": "approved",
  "rollout.reject": "rejected",
  "rollout.start": "started",
  "rollout.advance": "advanced",
  "rollout.pause": "paused",
  "rollout.resume": "resumed",
  "rollout.complete": "completed",
  "rollout.roll_back": "rolled back",
};

/** Every transition in words, oldest first ("approved: looks good" keeps the comment). */
export function events(entries: readonly AuditEntry[]): TimelineEvent[] {
  return entries
    .filter((e) => e.action.startsWith("rollout."))
    .map((e) => ({ action: e.action, at: e.at, actor: e.actor, text: e.summary || ACTION_TEXT[e.action] || e.action }));
}

const byTime = (a: AuditEntry, b: AuditEntry) => a.at.localeCompare(b.at) || a.id - b.id;

export function timeline(rollout: Pick<Rollout, "state" | "steps" | "step_index" | "step_started_at">, entries: readonly AuditEntry[]): TimelineStep[] {
  const steps: TimelineStep[] = rollout.steps.map((s, index) => ({
    index, percent: s.percent, minObservationS: s.min_observation_s, status: "pending", startedAt: null, endedAt: null, notes: [],
  }));
  let current = -1;
  const note = (e: AuditEntry, text: string) => steps[current]?.notes.push({ at: e.at, actor: e.actor, text });
  const end = (e: AuditEntry) => {
    const step = steps[current];
    if (step) step.endedAt = e.at;
  };
  for (const e of [...entries].sort(byTime)) {
    switch (e.action) {
      case "rollout.start":
        current = 0;
        if (steps[0]) steps[0].startedAt = e.at;
        break;
      case "rollout.advance": {
        end(e);
        current += 1;
        const step = steps[current];
        if (step) step.startedAt = e.at;
        break;
      }
      case "rollout.pause":
        note(e, "paused");
        break;
      case "rollout.resume":
        note(e, "resumed");
        break;
      case "rollout.complete":
        end(e);
        note(e, "completed");
        break;
      case "rollout.roll_back":
        end(e);
        note(e, e.summary || "rolled back");
        break;
    }
  }
  // The rollout itself is the authority on where it stands; the log only dates it.
  const at = rollout.step_index;
  for (const s of steps) {
    if (rollout.state === "completed") s.status = "done";
    else if (at < 0 || s.index > at) s.status = "pending";
    else if (s.index < at) s.status = "done";
    else s.status = rollout.state === "rolled_back" ? "stopped" : "current";
  }
  const live = steps[at];
  if (live && !live.startedAt && rollout.step_started_at) live.startedAt = rollout.step_started_at;
  return steps;
}

/** Seconds of observation left now, from the server's figure and when it was read. */
export function observationLeft(serverLeftS: number, readAtMs: number, nowMs: number): number {
  return Math.max(0, serverLeftS - (nowMs - readAtMs) / 1000);
}
