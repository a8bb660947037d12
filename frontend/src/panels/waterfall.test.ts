import { describe, expect, it } from "vitest";
import type { TraceEntry } from "../api/types";
import { MIN_BAR, traceNodes, waterfallRows } from "./waterfall";

// The shape of a test run's trace (GET /api/runs/<id>/), trimmed.
const node = (id: string, status: string, start: number | null, dur: number | null, extra: Partial<TraceEntry> = {}): TraceEntry => ({
  kind: "node", id, op: "basic.op", status, start_us: start, duration_us: dur, rows: start == null ? null : 3, error: null, ...extra,
});
const trace: TraceEntry = {
  kind: "graph", graph: "home_feed_mini", status: "ok", start_us: 0, duration_us: 400,
  children: [
    { kind: "group", id: "recall", label: "Recall", status: "ok", start_us: 100, duration_us: 100,
      children: [node("fresh", "ok", 150, 50), node("hot", "ok", 100, 20), node("personal", "skipped", null, null)] },
    node("merge", "ok", 200, 100),
    node("top", "failed", 399, 1, { error: "boom" }),
  ],
};

describe("waterfallRows", () => {
  it("flattens graph → groups → nodes with depth, in start order, never-started last", () => {
    const { rows, totalUs } = waterfallRows(trace);
    expect(totalUs).toBe(400);
    expect(rows.map((r) => [r.key, r.depth])).toEqual([
      ["graph", 0], ["group:recall", 1], ["node:hot", 2], ["node:fresh", 2], ["node:personal", 2], ["node:merge", 1], ["node:top", 1],
    ]);
    expect(rows[0]?.id).toBe("home_feed_mini");
    expect(rows[1]?.label).toBe("Recall");
  });

  it("places bars by start and duration in % of the run", () => {
    const byKey = new Map(waterfallRows(trace).rows.map((r) => [r.key, r]));
    expect(byKey.get("graph")).toMatchObject({ offset: 0, width: 100, marker: false });
    expect(byKey.get("node:merge")).toMatchObject({ offset: 50, width: 25 });
    expect(byKey.get("node:hot")).toMatchObject({ offset: 25, width: 5 });
  });

  it("draws skipped nodes as markers at their parent's start", () => {
    const personal = waterfallRows(trace).rows.find((r) => r.id === "personal");
    expect(personal).toMatchObject({ marker: true, width: 0, offset: 25, status: "skipped", durationUs: null });
  });

  it("keeps tiny bars visible and inside the chart", () => {
    const top = waterfallRows(trace).rows.find((r) => r.id === "top");
    expect(top?.offset).toBeCloseTo(99.75);
    expect((top?.offset ?? 0) + (top?.width ?? 0)).toBeLessThanOrEqual(100);
    const tiny = waterfallRows({ ...trace, children: [node("a", "ok", 0, 1)] }).rows[1];
    expect(tiny?.width).toBe(MIN_BAR);
    expect(top?.error).toBe("boom");
  });

  it("spans children that outlast the root's own duration", () => {
    const late = { ...trace, duration_us: 100 };
    expect(waterfallRows(late).totalUs).toBe(400);
  });

  it("handles no trace and a zero-length run", () => {
    expect(waterfallRows(null)).toEqual({ rows: [], totalUs: 0 });
    const zero = waterfallRows({ kind: "graph", status: "ok", start_us: 0, duration_us: 0, children: [node("a", "ok", 0, 0)] });
    expect(zero.rows.every((r) => Number.isFinite(r.offset) && Number.isFinite(r.width))).toBe(true);
  });

  it("indexes node entries by id", () => {
    const nodes = traceNodes(trace);
    expect([...nodes.keys()].sort()).toEqual(["fresh", "hot", "merge", "personal", "top"]);
    expect(nodes.get("merge")?.duration_us).toBe(100);
  });
});
