import { describe, expect, it } from "vitest";
import { checkConnection, COND_HANDLE, condEdgeId, connect, dataEdgeId, disconnect, inHandle, parseEdgeId, typesCompatible, wouldCreateCycle } from "./connect";
import { addNodes } from "./doc";
import { catalog, sampleDoc } from "./testDocs";

describe("typesCompatible", () => {
  it("matches same types and any", () => {
    expect(typesCompatible("Dataset", "Dataset")).toBe(true);
    expect(typesCompatible("bool", "Dataset")).toBe(false);
    expect(typesCompatible("bool", "any")).toBe(true);
    expect(typesCompatible("Any", "dict")).toBe(true);
  });
});

describe("wouldCreateCycle", () => {
  it("detects paths back to the source, self links and condition deps", () => {
    const doc = sampleDoc();
    expect(wouldCreateCycle(doc, "top", "hot")).toBe(true); // top <- merge <- hot
    expect(wouldCreateCycle(doc, "merge", "merge")).toBe(true);
    expect(wouldCreateCycle(doc, "cf", "is_new")).toBe(true); // cf waits for is_new
    expect(wouldCreateCycle(doc, "hot", "top")).toBe(false);
  });
});

describe("checkConnection", () => {
  const doc = addNodes(sampleDoc(), [{ id: "lim2", op: "basic.limit" }, { id: "dbg", op: "debug.any" }]);
  it("refuses type mismatches, cycles and duplicate sources", () => {
    expect(checkConnection(doc, catalog, { source: "is_new", target: "lim2", targetHandle: inHandle("items") }).ok).toBe(false);
    expect(checkConnection(doc, catalog, { source: "is_new", target: "dbg", targetHandle: inHandle("value") }).ok).toBe(true);
    expect(checkConnection(doc, catalog, { source: "top", target: "merge", targetHandle: inHandle("sources") }).ok).toBe(false);
    expect(checkConnection(doc, catalog, { source: "hot", target: "merge", targetHandle: inHandle("sources") }).ok).toBe(false);
    expect(checkConnection(doc, catalog, { source: "top", target: "lim2", targetHandle: inHandle("items") }).ok).toBe(true);
  });
  it("conditions need a bool source", () => {
    expect(checkConnection(doc, catalog, { source: "hot", target: "top", targetHandle: COND_HANDLE }).ok).toBe(false);
    expect(checkConnection(doc, catalog, { source: "is_new", target: "top", targetHandle: COND_HANDLE }).ok).toBe(true);
  });
});

describe("connect / disconnect", () => {
  it("appends to multi ports and replaces single ports", () => {
    let doc = addNodes(sampleDoc(), [{ id: "fresh", op: "recall.hot_items" }]);
    doc = connect(doc, catalog, { source: "fresh", target: "merge", targetHandle: inHandle("sources") });
    expect(doc.nodes.find((n) => n.id === "merge")?.inputs?.sources).toEqual(["cf", "hot", "fresh"]);
    doc = connect(doc, catalog, { source: "fresh", target: "top", targetHandle: inHandle("items") });
    expect(doc.nodes.find((n) => n.id === "top")?.inputs?.items).toEqual(["fresh"]);
  });
  it("a condition link keeps the unless kind", () => {
    let doc = addNodes(sampleDoc(), [{ id: "c2", op: "control.condition" }]);
    doc = connect(doc, catalog, { source: "c2", target: "cf", targetHandle: COND_HANDLE });
    expect(doc.nodes.find((n) => n.id === "cf")?.unless).toBe("c2");
    doc = connect(doc, catalog, { source: "c2", target: "top", targetHandle: COND_HANDLE });
    expect(doc.nodes.find((n) => n.id === "top")?.when).toBe("c2");
  });
  it("edge ids round-trip and remove the right link", () => {
    expect(parseEdgeId(dataEdgeId("merge", "sources", "hot"))).toEqual({ kind: "data", target: "merge", port: "sources", source: "hot" });
    expect(parseEdgeId(condEdgeId("cf", "unless", "is_new") + "#1")).toEqual({ kind: "cond", target: "cf", cond: "unless", source: "is_new" });
    const doc = disconnect(sampleDoc(), [dataEdgeId("merge", "sources", "hot"), condEdgeId("cf", "unless", "is_new"), "junk"]);
    expect(doc.nodes.find((n) => n.id === "merge")?.inputs).toEqual({ sources: ["cf"] });
    expect(doc.nodes.find((n) => n.id === "cf")?.unless).toBeUndefined();
  });
});
