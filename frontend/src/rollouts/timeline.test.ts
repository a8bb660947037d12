import { describe, expect, it } from "vitest";
import { entry, rollout } from "./fixtures";
import { events, observationLeft, timeline } from "./timeline";

describe("timeline", () => {
  it("is all pending before the start", () => {
    const steps = timeline(rollout(), [entry("rollout.create", "2025-01-01T10:00:00Z")]);
    expect(steps.map((s) => s.status)).toEqual(["pending", "pending", "pending"]);
  });

  it("dates each step from start and advance, and marks the current one", () => {
    const log = [
      entry("rollout.start", "2025-01-01T11:00:00Z", "started at 5%"),
      entry("rollout.advance", "2025-01-01T11:05:00Z", "advanced from 5% to 50%"),
      entry("rollout.pause", "2025-01-01T11:06:00Z", "paused at 50%", "approver"),
    ];
    const steps = timeline(rollout({ state: "paused", step_index: 1 }), [...log].reverse());
    expect(steps.map((s) => s.status)).toEqual(["done", "current", "pending"]);
    expect(steps[0]).toMatchObject({ startedAt: "2025-01-01T11:00:00Z", endedAt: "2025-01-01T11:05:00Z" });
    expect(steps[1]?.startedAt).toBe("2025-01-01T11:05:00Z");
    expect(steps[1]?.notes).toEqual([{ at: "2025-01-01T11:06:00Z", actor: "approver", text: "paused" }]);
  });

  it("marks the step a rollback stopped", () => {
    const steps = timeline(rollout({ state: "rolled_back", step_index: 0 }), [
      entry("rollout.start", "2025-01-01T11:00:00Z"),
      entry("rollout.roll_back", "2025-01-01T11:01:00Z", "rolled back at 5%: bad"),
    ]);
    expect(steps.map((s) => s.status)).toEqual(["stopped", "pending", "pending"]);
    expect(steps[0]?.endedAt).toBe("2025-01-01T11:01:00Z");
    expect(steps[0]?.notes[0]?.text).toBe("rolled back at 5%: bad");
  });

  it("shows every step done once completed", () => {
    expect(timeline(rollout({ state: "completed", step_index: 2 }), []).every((s) => s.status === "done")).toBe(true);
  });

  it("falls back on step_started_at when the log has no start", () => {
    const steps = timeline(rollout({ state: "rolling_out", step_index: 0, step_started_at: "2025-01-01T12:00:00Z" }), []);
    expect(steps[0]?.startedAt).toBe("2025-01-01T12:00:00Z");
  });

  it("words every transition", () => {
    expect(events([entry("rollout.submit", "t", ""), entry("rollout.approve", "t", "approved: ok"), entry("graph.update", "t")]).map((e) => e.text))
      .toEqual(["submitted for review", "approved: ok"]);
  });

  it("counts the observation down from when it was read", () => {
    expect(observationLeft(60, 1_000, 11_000)).toBe(50);
    expect(observationLeft(5, 0, 60_000)).toBe(0);
  });
});
