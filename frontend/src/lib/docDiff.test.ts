import { describe, expect, it } from "vitest";
import { diffIsEmpty, docDiff, isEqual, summarizeDiff } from "./docDiff";
import { addNodes, moveNodes, removeNodes, updateNode } from "./doc";
import { sampleDoc } from "./testDocs";

describe("docDiff", () => {
  it("is empty for equal documents", () => {
    expect(diffIsEmpty(docDiff(sampleDoc(), sampleDoc()))).toBe(true);
  });
  it("reports added, removed, changed fields and moves", () => {
    let other = addNodes(sampleDoc(), [{ id: "fresh", op: "recall.hot_items" }]);
    other = removeNodes(other, ["is_new"]);
    other = updateNode(other, "hot", { params: { limit: 300 } });
    other = moveNodes(other, { top: { x: 1, y: 1 } });
    other = { ...other, settings: { timeout_ms: 500 } };
    const d = docDiff(sampleDoc(), other);
    expect(d.added).toEqual(["fresh"]);
    expect(d.removed).toEqual(["is_new"]);
    expect(d.changed).toEqual([{ id: "hot", fields: ["params.limit"] }, { id: "cf", fields: ["unless"] }]);
    expect(d.moved).toEqual(["top"]);
    expect(d.graphFields).toEqual(["settings.max_concurrency", "settings.timeout_ms"]);
    expect(summarizeDiff(d)[0]).toBe("added: fresh");
  });
  it("deep-compares values", () => {
    expect(isEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(isEqual({ a: 1 }, { a: 1, b: undefined })).toBe(true);
    expect(isEqual([1], { 0: 1 })).toBe(false);
  });
});
