import { describe, expect, it } from "vitest";
import type { GraphDocument } from "../api/types";
import { addNodes, removeNodes, updateNode } from "../lib/doc";
import { buildFlow } from "../lib/flow";
import { catalog, sampleDoc } from "../lib/testDocs";
import { diffEdges, visualDiff } from "./visualDiff";

function changed(): GraphDocument {
  let doc = addNodes(sampleDoc(), [{ id: "fresh", op: "recall.hot_items", position: { x: 0, y: 400 } }]);
  doc = removeNodes(doc, ["cf"]);
  doc = updateNode(doc, "hot", { params: { limit: 300 } });
  doc = updateNode(doc, "merge", { inputs: { sources: ["hot", "fresh"] } });
  return { ...doc, settings: { timeout_ms: 500, max_concurrency: 8 } };
}

describe("visualDiff", () => {
  it("decorates added, removed and changed nodes", () => {
    const d = visualDiff(sampleDoc(), changed(), catalog);
    expect(d.decorations.fresh?.diff).toBe("added");
    expect(d.decorations.cf?.diff).toBe("removed");
    expect(d.decorations.hot?.diff).toBe("changed");
    expect(d.decorations.top).toBeUndefined();
    expect(d.nodeChanges.hot).toEqual([{ field: "params.limit", old: 200, new: 300 }]);
    expect(d.decorations.hot?.note).toContain("params.limit: 200 → 300");
  });

  it("adds removed nodes as ghosts without links, at their old place", () => {
    const d = visualDiff(sampleDoc(), changed(), catalog);
    const ghost = d.doc.nodes.find((n) => n.id === "cf");
    expect(ghost).toMatchObject({ op: "recall.item_cf", position: { x: 0, y: 200 } });
    expect(ghost?.unless).toBeUndefined();
    expect(d.doc.nodes.length).toBe(changed().nodes.length + 1);
  });

  it("moves a ghost off a node of the newer graph that took its place", () => {
    const newer = addNodes(removeNodes(sampleDoc(), ["cf"]), [{ id: "cf2", op: "recall.item_cf", position: { x: 0, y: 200 } }]);
    const d = visualDiff(sampleDoc(), newer, catalog);
    expect(d.doc.nodes.find((n) => n.id === "cf")?.position?.y).toBeGreaterThan(200);
  });

  it("reports links added and removed with their canvas edge ids", () => {
    const d = visualDiff(sampleDoc(), changed(), catalog);
    expect(Object.keys(d.addedLinks)).toEqual(["d:merge:sources:fresh"]);
    expect(d.removedLinks.map((l) => l.id).sort()).toEqual(["x:c:cf:unless:is_new", "x:d:merge:sources:cf"]);
    const texts = d.entries.map((e) => e.text);
    expect(texts).toContain("link fresh → merge.sources added");
    expect(texts).toContain("link cf → merge.sources removed");
    expect(texts).toContain("graph timeout_ms: 300 → 500");
  });

  it("tells a reorder apart from links that came or went", () => {
    const newer = updateNode(sampleDoc(), "merge", { inputs: { sources: ["hot", "cf"] } });
    const d = visualDiff(sampleDoc(), newer, catalog);
    expect(Object.keys(d.addedLinks)).toEqual([]);
    expect(d.removedLinks).toEqual([]);
    expect(d.entries).toEqual([expect.objectContaining({ kind: "order", node: "merge", text: "merge.sources order: cf, hot → hot, cf" })]);
    expect(d.decorations.merge).toBeUndefined();
  });

  it("ignores layout, and says so in the summary", () => {
    const moved = updateNode(sampleDoc(), "top", { position: { x: 5, y: 5 } });
    const d = visualDiff(sampleDoc(), moved, catalog);
    expect(d.entries).toEqual([]);
    expect(d.summary).toBe("no changes");
    expect(visualDiff(sampleDoc(), changed(), catalog).summary).toBe("1 node added, 1 node removed, 1 node changed, 1 link added, 2 links removed, 1 other change");
  });

  it("fills positions of documents saved without them", () => {
    const bare = { ...sampleDoc(), nodes: sampleDoc().nodes.map(({ position: _p, ...n }) => n) };
    const d = visualDiff(bare, removeNodes(bare, ["top"]), catalog);
    expect(d.doc.nodes.every((n) => n.position)).toBe(true);
  });

  it("marks added edges and draws removed ones on the canvas", () => {
    const d = visualDiff(sampleDoc(), changed(), catalog);
    const flow = buildFlow({ doc: d.doc, catalog, selected: new Set(), problemsByNode: {}, decorations: d.decorations, collapsed: new Set() });
    const edges = diffEdges(flow.edges, d);
    expect(flow.nodes.find((n) => n.id === "hot")?.domAttributes).toMatchObject({ "data-diff": "changed" });
    expect(flow.nodes.find((n) => n.id === "top")?.domAttributes).toBeUndefined();
    expect(edges.find((e) => e.id === "d:merge:sources:fresh")?.className).toContain("diff-edge-added");
    expect(edges.find((e) => e.id === "x:d:merge:sources:cf")).toMatchObject({ source: "cf", target: "merge", targetHandle: "in:sources", className: "diff-edge-removed", domAttributes: { "data-diff": "removed" } });
    // The ghost's own links are drawn as removed ones only.
    expect(edges.filter((e) => e.target === "cf").map((e) => e.className)).toEqual(["diff-edge-removed"]);
  });
});
