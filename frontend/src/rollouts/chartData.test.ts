import { describe, expect, it } from "vitest";
import { columns, stepFor, totals } from "./chartData";
import type { ArmStats, MetricsPoint } from "./types";

const arm = (requests: number, errors: number, p99: number | null): ArmStats => ({
  requests, errors, timeouts: 0, p50_ms: p99, p99_ms: p99, error_rate: requests ? errors / requests : 0, timeout_rate: 0,
});

const POINTS: MetricsPoint[] = [
  { t: "2025-01-01T10:01:00+00:00", canary: arm(0, 0, null), control: arm(40, 0, 9) },
  { t: "2025-01-01T10:00:00+00:00", canary: arm(10, 1, 12.5), control: arm(90, 0, 10) },
];

describe("chart columns", () => {
  it("sorts by time and gives rates as percentages", () => {
    expect(columns(POINTS, "error_rate")).toEqual({ x: [1735725600, 1735725660], canary: [10, null], control: [0, 0] });
  });

  it("leaves a gap where an arm served nothing, but counts its requests as 0", () => {
    expect(columns(POINTS, "p99_ms").canary).toEqual([12.5, null]);
    expect(columns(POINTS, "requests").canary).toEqual([10, 0]);
    expect(columns([{ t: "2025-01-01T10:00:00Z" }], "requests").control).toEqual([0]);
  });

  it("totals the requests per arm", () => {
    expect(totals(POINTS)).toEqual({ canary: 10, control: 130 });
  });

  it("picks a round time step for about 60 points", () => {
    const start = "2025-01-01T10:00:00Z";
    const t0 = new Date(start).getTime();
    expect(stepFor(null, t0)).toBe(60);
    expect(stepFor(start, t0 + 5 * 60_000)).toBe(10);
    expect(stepFor(start, t0 + 3600_000)).toBe(60);
    expect(stepFor(start, t0 + 6 * 3600_000)).toBe(600);
  });
});
