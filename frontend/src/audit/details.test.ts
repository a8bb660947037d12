import { describe, expect, it } from "vitest";
import { dictChanges, fieldChanges, graphDiffLines, isGraphDiff } from "./details";

const diff = {
  nodes: { added: ["new"], removed: ["old"], changed: [{ id: "top", changes: [{ field: "timeout_ms", old: null, new: 50 }, { field: "params.n", old: 1, new: 2 }] }] },
  edges: { added: [{ source: "items", target: "new", port: "items" }], removed: [{ source: "c", target: "x", kind: "when" }], reordered: [] },
  params: { added: [], removed: [], changed: [{ node: "top", param: "n", old: 1, new: 2 }] },
  groups: { added: [], removed: [], changed: [] },
  settings: { changed: [{ field: "name", old: "a", new: "b" }] },
  layout_only: false,
  summary: "1 node added, 1 removed, 1 changed, 1 edge added, 1 removed, 1 param changed, 1 setting changed",
};

describe("graphDiffLines", () => {
  it("spells each change once, params on their own lines", () => {
    expect(isGraphDiff(diff)).toBe(true);
    const lines = graphDiffLines(diff);
    expect(lines.map((l) => `${l.change} ${l.text}`)).toEqual([
      "added node new", "removed node old", "changed node top",
      "added link items → new.items", "removed link c → x (when)",
      "changed top.n", "changed setting name",
    ]);
    expect(lines[2]!.fields).toEqual([{ field: "timeout_ms", old: "null", new: "50" }]);
    expect(lines[5]!.fields).toEqual([{ field: "value", old: "1", new: "2" }]);
  });
  it("is not fooled by other details", () => {
    expect(isGraphDiff({ version: 3, number: 2 })).toBe(false);
    expect(graphDiffLines({ summary: "document replaced", replaced: true })).toEqual([]);
  });
});

describe("fieldChanges / dictChanges", () => {
  it("reads {field: {old, new}} saves", () => {
    expect(fieldChanges({ start: { old: 0, new: 100 }, name: { old: null, new: "treat" } })).toEqual([
      { field: "start", old: "0", new: "100" }, { field: "name", old: "—", new: "treat" },
    ]);
    expect(fieldChanges({ version: 3 })).toBeNull();
    expect(fieldChanges({})).toBeNull();
  });
  it("diffs override dicts key by key", () => {
    expect(dictChanges({ a: "1", b: "2" }, { a: "1", b: "3", c: null })).toEqual([
      { key: "b", change: "changed", old: "2", new: "3" }, { key: "c", change: "added", old: "", new: "unset" },
    ]);
    expect(dictChanges(null, { a: "1" })).toEqual([{ key: "a", change: "added", old: "", new: "1" }]);
    expect(dictChanges("x", { a: 1 })).toBeNull();
  });
});
