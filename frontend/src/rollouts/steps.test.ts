import { describe, expect, it } from "vitest";
import { DEFAULT_STEPS, DEFAULT_THRESHOLDS, nextRow, parseSteps, parseThresholds, stepsLine, toRows } from "./steps";

describe("steps", () => {
  it("round-trips the defaults through the form rows", () => {
    expect(parseSteps(toRows(DEFAULT_STEPS)).value).toEqual(DEFAULT_STEPS);
    expect(stepsLine(DEFAULT_STEPS)).toBe("1% → 5% → 20% → 50% → 100%");
  });

  it("turns minutes into whole seconds", () => {
    expect(parseSteps([{ percent: "0.5", minutes: "1.5" }]).value).toEqual([{ percent: 0.5, min_observation_s: 90 }]);
  });

  it("names each bad row", () => {
    const { value, problems } = parseSteps([
      { percent: "10", minutes: "0" },
      { percent: "10", minutes: "" },
      { percent: "150", minutes: "-1" },
    ]);
    expect(value).toBeNull();
    expect(problems).toEqual([
      "Step 2: the observation time must be 0 to 10080 minutes (a week).",
      "Step 3: the percentage must be a number above 0 and at most 100.",
      "Step 3: the observation time must be 0 to 10080 minutes (a week).",
    ]);
    expect(parseSteps([{ percent: "20", minutes: "0" }, { percent: "5", minutes: "0" }]).problems)
      .toEqual(["Step 2: 5% must be more than step 1's 20%."]);
    expect(parseSteps([]).problems).toEqual(["Give 1 to 10 steps."]);
  });

  it("suggests a next step halfway to 100%", () => {
    expect(nextRow([{ percent: "20", minutes: "10" }])).toEqual({ percent: "60", minutes: "10" });
    expect(nextRow([])).toEqual({ percent: "50", minutes: "5" });
    expect(nextRow([{ percent: "100", minutes: "1" }]).percent).toBe("100");
  });
});

describe("thresholds", () => {
  it("reads percentage points as shares", () => {
    expect(parseThresholds({ ...DEFAULT_THRESHOLDS, errorPoints: "1.1" }).value).toEqual({
      max_error_rate_delta: 0.011, max_timeout_rate_delta: 0.01, max_p99_ratio: 1.5, min_requests: 100,
    });
  });

  it("refuses out-of-range values in words", () => {
    const { value, problems } = parseThresholds({ errorPoints: "x", timeoutPoints: "1", p99Ratio: "0.5", minRequests: "2.5" });
    expect(value).toBeNull();
    expect(problems).toHaveLength(3);
    expect(problems[1]).toContain("p99 latency");
  });
});
