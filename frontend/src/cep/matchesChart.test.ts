import { describe, expect, it } from "vitest";
import { bucketSize, matchesChart } from "./matchesChart";

const at = (minute: number) => new Date(Date.UTC(2025, 0, 1, 10, minute, 30)).toISOString();

describe("matchesChart", () => {
  it("counts matches per rule in minute buckets", () => {
    const chart = matchesChart([
      { rule: "b", detected_at: at(0) }, { rule: "a", detected_at: at(0) }, { rule: "a", detected_at: at(2) }, { rule: "a", detected_at: "not a time" },
    ])!;
    expect(chart.bucketMs).toBe(60_000);
    expect(chart.bucketLabel).toBe("1 min");
    expect(chart.buckets.map((b) => b.total)).toEqual([2, 0, 1]);
    expect(chart.buckets[0]!.counts).toEqual({ a: 1, b: 1 });
    expect(chart.buckets[0]!.t).toBe(Date.UTC(2025, 0, 1, 10, 0));
    expect(chart.rules).toEqual([{ id: "a", colour: "#d9480f", total: 2 }, { id: "b", colour: "#0f7b8a", total: 1 }]);
    expect(chart.max).toBe(2);
  });

  it("has nothing to draw without matches", () => {
    expect(matchesChart([])).toBeNull();
  });

  it("widens the buckets with the span", () => {
    expect(bucketSize(10 * 60_000)).toBe(60_000);
    expect(bucketSize(6 * 3_600_000)).toBe(900_000);
    expect(bucketSize(30 * 86_400_000)).toBe(86_400_000);
  });
});
