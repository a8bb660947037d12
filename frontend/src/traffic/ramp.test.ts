import { describe, expect, it } from "vitest";
import { joiningPreview, parseRange, rampWords } from "./ramp";

describe("rampWords", () => {
  it("says what share of units moves and whether the ramp is sticky", () => {
    const grow = rampWords({ moved_share: 0.25, moved_slots: 2500, joining_slots: 2500, leaving_slots: 0, sticky: true, live: true, slots: 10_000 });
    expect(grow.headline).toBe("25% of units would change bucket.");
    expect(grow.sticky).toMatch(/^Sticky/);
    const shrink = rampWords({ moved_share: 0.1, moved_slots: 1000, joining_slots: 0, leaving_slots: 1000, sticky: false, live: true, slots: 10_000 });
    expect(shrink.sticky).toBe("Not sticky: 10% of units already in a bucket would leave it or switch to another.");
  });
  it("says nothing moves while the experiment is not running", () => {
    expect(rampWords(joiningPreview(0, 500, false)).headline).toMatch(/^0% .*not running/);
  });
  it("works out a new bucket's share locally", () => {
    expect(joiningPreview(100, 600, true)).toMatchObject({ moved_slots: 500, joining_slots: 500, sticky: true });
  });
});

describe("parseRange", () => {
  it("accepts [start, end) within the slots", () => {
    expect(parseRange("0", "10000")).toEqual({ start: 0, end: 10_000 });
    expect(parseRange("5", "5")).toMatch(/start < end/);
    expect(parseRange("", "5")).toMatch(/whole numbers/);
    expect(parseRange("1.5", "5")).toMatch(/whole numbers/);
    expect(parseRange("0", "10001")).toMatch(/≤/);
  });
});
