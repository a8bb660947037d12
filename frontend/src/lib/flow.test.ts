import { describe, expect, it } from "vitest";
import { COND_HANDLE, inHandle } from "./connect";
import { updateNode } from "./doc";
import { buildFlow, groupFlowId, positionsFromChanges, type FlowInput, type FlowNode } from "./flow";
import { catalog, sampleDoc } from "./testDocs";

const input = (over: Partial<FlowInput> = {}): FlowInput => ({
  doc: sampleDoc(), catalog, selected: new Set(), problemsByNode: {}, decorations: {}, collapsed: new Set(), ...over,
});

describe("buildFlow", () => {
  it("makes one node per document node plus group boxes first", () => {
    const { nodes, edges } = buildFlow(input());
    expect(nodes.map((n) => n.id)).toEqual([groupFlowId("recall"), "is_new", "hot", "cf", "merge", "top"]);
    const merge = nodes.find((n) => n.id === "merge");
    expect(merge?.handles?.map((h) => h.id)).toEqual([inHandle("sources"), COND_HANDLE, "out"]);
    expect(merge?.measured?.height).toBeGreaterThan(0);
    expect(edges.map((e) => e.id).sort()).toEqual(["c:cf:unless:is_new", "d:merge:sources:cf", "d:merge:sources:hot", "d:top:items:merge"]);
    expect(edges.find((e) => e.id === "c:cf:unless:is_new")?.label).toBe("unless");
    expect(edges.find((e) => e.id === "d:merge:sources:hot")?.label).toBe("2");
  });

  it("reuses objects for unchanged nodes and edges", () => {
    const base = sampleDoc();
    const a = buildFlow(input({ doc: base }));
    const b = buildFlow(input({ doc: updateNode(base, "top", { params: { n: 5 } }) }), a.cache);
    expect(b.nodes.find((n) => n.id === "hot")).toBe(a.nodes.find((n) => n.id === "hot"));
    expect(b.nodes.find((n) => n.id === "top")).not.toBe(a.nodes.find((n) => n.id === "top"));
    expect(b.edges[0]).toBe(a.edges[0]);
  });

  it("marks selection and problems", () => {
    const { nodes } = buildFlow(input({ selected: new Set(["hot"]), problemsByNode: { top: [{ code: "x", node: "top", field: null, message: "bad" }] } }));
    expect(nodes.find((n) => n.id === "hot")?.selected).toBe(true);
    const top = nodes.find((n) => n.id === "top");
    expect(top?.type === "op" && top.data.problems.length).toBe(1);
  });

  it("collapsing a group hides members and reroutes their links to the box", () => {
    const { nodes, edges } = buildFlow(input({ collapsed: new Set(["recall"]) }));
    expect(nodes.find((n) => n.id === "hot")?.hidden).toBe(true);
    const box = nodes.find((n) => n.id === groupFlowId("recall"));
    expect(box?.type === "loomGroup" && box.data.collapsed).toBe(true);
    const ids = edges.map((e) => e.id).sort();
    expect(ids).toEqual(["d:top:items:merge", "r:group:recall>merge", "r:is_new>group:recall"]);
  });

  it("group box encloses its members", () => {
    const { nodes } = buildFlow(input());
    const box = nodes.find((n) => n.id === groupFlowId("recall")) as FlowNode;
    const cf = nodes.find((n) => n.id === "cf") as FlowNode;
    expect(box.position.x).toBeLessThan(0);
    expect(box.position.y + (box.height ?? 0)).toBeGreaterThan(cf.position.y + (cf.height ?? 0));
  });
});

describe("positionsFromChanges", () => {
  it("moves a group's members by the box delta", () => {
    const doc = sampleDoc();
    const { nodes } = buildFlow(input({ doc }));
    const box = nodes.find((n) => n.id === groupFlowId("recall")) as FlowNode;
    const current = new Map(nodes.map((n) => [n.id, n]));
    const out = positionsFromChanges(doc, [{ id: box.id, position: { x: box.position.x + 10, y: box.position.y + 5 } }, { id: "top", position: { x: 1, y: 2 } }], current);
    expect(out).toEqual({ hot: { x: 10, y: 5 }, cf: { x: 10, y: 205 }, top: { x: 1, y: 2 } });
  });
});
