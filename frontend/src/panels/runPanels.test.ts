import { describe, expect, it } from "vitest";
import { formatUs } from "./format";
import { parseJsonObject } from "./jsonInput";
import { previewOf } from "./outputPreview";
import { describeProblem } from "./problemText";
import { fromResponse, isFinished, runDecorations } from "./runResult";

describe("parseJsonObject", () => {
  it("accepts an object", () => {
    expect(parseJsonObject('{"user": {"id": "u1"}}')).toEqual({ ok: true, value: { user: { id: "u1" } } });
  });
  it("gives the line and column of a syntax error", () => {
    const r = parseJsonObject('{\n  "user": {"id": "u1",}\n}');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.line).toBe(2);
    expect(r.column).toBeGreaterThan(1);
    expect(r.message).not.toMatch(/position/);
  });
  it("refuses arrays, scalars and empty text", () => {
    expect(parseJsonObject("[1]").ok).toBe(false);
    expect(parseJsonObject("3").ok).toBe(false);
    expect(parseJsonObject("  ").ok).toBe(false);
  });
  it("points at the end for unfinished input", () => {
    const r = parseJsonObject('{"a": 1');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.line).toBe(1);
  });
});

describe("previewOf", () => {
  it("tabulates a Dataset sample with the union of keys", () => {
    const p = previewOf({ type: "Dataset", rows: 200, sample: [{ item_id: "a", score: 1.23456789 }, { item_id: "b", tags: ["x"] }] });
    expect(p).toEqual({
      kind: "table", columns: ["item_id", "score", "tags"], total: 200, shown: 2,
      rows: [["a", "1.23457", ""], ["b", "", '["x"]']],
    });
  });
  it("caps the table at 20 rows", () => {
    const sample = Array.from({ length: 30 }, (_, i) => ({ i }));
    const p = previewOf({ type: "Dataset", rows: 30, sample });
    expect(p.kind === "table" && p.shown).toBe(20);
  });
  it("shows a plain value, and nothing for a missing output", () => {
    expect(previewOf({ type: "bool", value: false })).toEqual({ kind: "value", type: "bool", text: "false" });
    expect(previewOf(undefined)).toEqual({ kind: "none" });
  });
});

describe("runs", () => {
  const run = fromResponse({
    run_id: "r1", status: "degraded", duration_us: 500,
    node_status: { a: "ok", b: "skipped", c: "failed" },
    trace: { kind: "graph", status: "degraded", start_us: 0, duration_us: 500, children: [
      { kind: "node", id: "a", status: "ok", start_us: 0, duration_us: 120 },
      { kind: "node", id: "c", status: "failed", start_us: 120, duration_us: 30, error: "division by zero" },
    ] },
  });
  it("paints status, duration and the error on each node", () => {
    expect(runDecorations(run)).toEqual({
      a: { status: "ok", durationUs: 120 },
      b: { status: "skipped" },
      c: { status: "failed", durationUs: 30, note: "failed: division by zero" },
    });
  });
  it("knows finished statuses", () => {
    expect(isFinished("queued")).toBe(false);
    expect(isFinished("timeout")).toBe(true);
  });
  it("formats durations", () => {
    expect(formatUs(388)).toBe("388 µs");
    expect(formatUs(1500)).toBe("1.50 ms");
    expect(formatUs(56903)).toBe("56.9 ms");
    expect(formatUs(2_500_000)).toBe("2.50 s");
    expect(formatUs(null)).toBe("—");
  });
});

describe("describeProblem", () => {
  it("names the key once", () => {
    expect(describeProblem({ code: "bad_value", node: "b", field: "node.b.param.n", message: "node.b.param.n: expected an integer, got 'abc'" }))
      .toEqual({ where: "key node.b.param.n", message: "expected an integer, got 'abc'" });
  });
  it("falls back to the node, then to the message alone", () => {
    expect(describeProblem({ code: "x", node: "cf", field: null, message: "m" }).where).toBe("node cf");
    expect(describeProblem({ code: "kv_syntax", node: null, field: null, message: "line 2: expected 'key = value'" }).where).toBe("");
  });
});
