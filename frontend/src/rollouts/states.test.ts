import { describe, expect, it } from "vitest";
import { rollout } from "./fixtures";
import { formatDuration, formatShare, problemText } from "./format";
import { isAuthor, nextStepText, trafficText } from "./states";

describe("states", () => {
  it("gives the traffic share in words", () => {
    expect(trafficText(rollout({ state: "rolling_out", percent: 5, step_index: 0 }))).toBe("5% (step 1 of 3)");
    expect(trafficText(rollout({ state: "completed", percent: 100 }))).toBe("100%");
    expect(trafficText(rollout({ state: "rolled_back", percent: 0, step_index: 1 }))).toBe("0%");
  });

  it("knows the authors: who made the version or asked for the rollout", () => {
    const r = rollout({ created_by: "author" });
    expect(isAuthor(r, "someone", "author")).toBe(true);
    expect(isAuthor(r, "approver", "approver")).toBe(true);
    expect(isAuthor(r, "someone", "approver")).toBe(false);
    expect(isAuthor(r, null, null)).toBe(false);
  });

  it("says what comes next", () => {
    expect(nextStepText(rollout({ state: "rolled_back", end_reason: "kill switch" }))).toBe("Rolled back: kill switch.");
  });
});

describe("format", () => {
  it("counts durations down in minutes and seconds", () => {
    expect(formatDuration(0)).toBe("0 s");
    expect(formatDuration(59.2)).toBe("1 min");
    expect(formatDuration(272)).toBe("4 min 32 s");
    expect(formatDuration(3900)).toBe("1 h 5 min");
  });

  it("formats shares and problems", () => {
    expect(formatShare(0.0123, 2)).toBe("1.23%");
    expect(formatShare(0.5, 0)).toBe("50%");
    expect(formatShare(null)).toBe("—");
    expect(problemText({ code: "x", node: null, field: "max_p99_ratio", message: "too big" })).toBe("max p99 ratio: too big");
  });
});
