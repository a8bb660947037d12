import { describe, expect, it } from "vitest";
import { cleanNode, moveNodes, removeNodes, renameNode, setSettings, updateNode } from "./doc";
import { sampleDoc } from "./testDocs";

describe("doc", () => {
  it("cleans empty and default keys", () => {
    expect(cleanNode({ id: "a", op: "x", params: { k: undefined }, inputs: { items: [] }, optional: false })).toEqual({ id: "a", op: "x" });
  });
  it("keeps untouched nodes by identity", () => {
    const doc = sampleDoc();
    const next = updateNode(doc, "top", { params: { n: 10 } });
    expect(next.nodes[0]).toBe(doc.nodes[0]);
    expect(next.nodes[4]?.params).toEqual({ n: 10 });
  });
  it("removing a node drops references to it", () => {
    const doc = setSettings(sampleDoc(), { output: "top" });
    const next = removeNodes(removeNodes(doc, ["is_new", "hot"]), ["top"]);
    expect(next.nodes.map((n) => n.id)).toEqual(["cf", "merge"]);
    expect(next.nodes.find((n) => n.id === "cf")?.unless).toBeUndefined();
    expect(next.nodes.find((n) => n.id === "merge")?.inputs).toEqual({ sources: ["cf"] });
    expect(next.settings).toEqual({ timeout_ms: 300, max_concurrency: 8 });
  });
  it("renaming updates inputs, conditions and output", () => {
    const doc = setSettings(sampleDoc(), { output: "is_new" });
    const next = renameNode(renameNode(doc, "is_new", "fresh_user"), "hot", "popular");
    expect(next.nodes.find((n) => n.id === "cf")?.unless).toBe("fresh_user");
    expect(next.nodes.find((n) => n.id === "merge")?.inputs?.sources).toEqual(["cf", "popular"]);
    expect(next.settings?.output).toBe("fresh_user");
  });
  it("setSettings drops an emptied settings object", () => {
    const doc = setSettings(sampleDoc(), { timeout_ms: undefined, max_concurrency: undefined });
    expect("settings" in doc).toBe(false);
  });
  it("moves round and skip no-ops", () => {
    const doc = sampleDoc();
    expect(moveNodes(doc, { hot: { x: 0, y: 0.2 } })).toBe(doc);
    expect(moveNodes(doc, { hot: { x: 10.6, y: 0 } }).nodes[1]?.position).toEqual({ x: 11, y: 0 });
  });
});
