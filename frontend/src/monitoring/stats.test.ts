import { describe, expect, it } from "vitest";
import type { Breaker, LatencySeries, NodeRow } from "./api";
import { boardOrder, failingNodes, formatMs, formatRate, isSince, latencyChart, resettable, slowestNodes } from "./stats";

const point = (t: number, p50: number | null, p95: number | null = p50, p99: number | null = p95) => ({
  t, requests: 1, p50_ms: p50, p95_ms: p95, p99_ms: p99, errors: 0, timeouts: 0, error_rate: 0, timeout_rate: 0,
});

const node = (name: string, over: Partial<NodeRow> = {}): NodeRow => ({
  node: name, runs: 10, ran: 10, errors: 0, error_rate: 0, timeouts: 0, timeout_rate: 0, broken: 0, skipped: 0,
  traced: 0, p50_ms: null, p99_ms: null, ...over,
});

const breaker = (name: string, state: Breaker["state"], calls = 1): Breaker => ({
  scene: "feed", node: name, state, calls, failures: 0, failure_rate: 0, opened_at: null, next_trial_at: null,
});

describe("latencyChart", () => {
  it("aligns every version on the union of time steps, with gaps", () => {
    const series: LatencySeries[] = [
      { version: 1, label: "g v1", requests: 2, points: [point(60, 1, 2, 3), point(180, 4, 5, 6)] },
      { version: 2, label: "g v2", requests: 1, points: [point(120, 7, 8, 9)] },
    ];
    const chart = latencyChart(series);
    expect(chart.x).toEqual([60, 120, 180]);
    expect(chart.lines.map((l) => l.label)).toEqual(["g v1 p50", "g v1 p95", "g v1 p99", "g v2 p50", "g v2 p95", "g v2 p99"]);
    expect(chart.lines[2]?.values).toEqual([3, null, 6]);
    expect(chart.lines[3]?.values).toEqual([null, 7, null]);
  });

  it("is empty without points", () => {
    expect(latencyChart([])).toEqual({ x: [], lines: [] });
    expect(latencyChart([{ version: null, label: "x", requests: 0, points: [] }], ["p99_ms"]).lines).toEqual([{ label: "x p99", values: [] }]);
  });
});

describe("node tables", () => {
  it("keeps only the nodes that failed or timed out, in the API's order", () => {
    const rows = [node("a", { errors: 3 }), node("b", { timeouts: 1 }), node("c")];
    expect(failingNodes(rows).map((r) => r.node)).toEqual(["a", "b"]);
  });

  it("orders the slowest by p99, then p50, leaving untraced nodes out", () => {
    const rows = [node("a", { p99_ms: 5, p50_ms: 1 }), node("b"), node("c", { p99_ms: 9, p50_ms: 2 }), node("d", { p99_ms: 5, p50_ms: 3 })];
    expect(slowestNodes(rows).map((r) => r.node)).toEqual(["c", "d", "a"]);
    expect(slowestNodes(rows, 1).map((r) => r.node)).toEqual(["c"]);
  });
});

describe("breaker board", () => {
  it("puts open breakers first, then half-open, then closed by node", () => {
    const order = boardOrder([breaker("z", "closed"), breaker("b", "half_open"), breaker("y", "open"), breaker("a", "closed")]);
    expect(order.map((b) => b.node)).toEqual(["y", "b", "a", "z"]);
  });

  it("offers a reset unless the breaker is closed and empty", () => {
    expect(resettable(breaker("a", "closed", 0))).toBe(false);
    expect(resettable(breaker("a", "closed", 3))).toBe(true);
    expect(resettable(breaker("a", "open", 0))).toBe(true);
  });
});

describe("formatting", () => {
  it("writes rates and durations as a reader expects", () => {
    expect([formatRate(0), formatRate(0.0312), formatRate(0.5), formatRate(Number.NaN)]).toEqual(["0 %", "3.1 %", "50 %", "0 %"]);
    expect([formatMs(null), formatMs(0.5), formatMs(12.4), formatMs(2500)]).toEqual(["—", "0.5 ms", "12 ms", "2.50 s"]);
  });

  it("knows the windows the API reads", () => {
    expect([isSince("24h"), isSince("3w"), isSince(null)]).toEqual([true, false, false]);
  });
});
