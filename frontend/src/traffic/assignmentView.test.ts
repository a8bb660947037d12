import { describe, expect, it } from "vitest";
import { kvRows, layerRows, overriddenNodes } from "./assignmentView";
import type { Assignment } from "./types";

const a: Assignment = {
  unit_id: "u7", scene: "feed", version: 1, graph_hash: "h",
  assignment: { ranking: { experiment: "limit", bucket: "treat", slot: 42 } },
  slots: { ranking: 42, recall: 9001 },
  overrides: { "node.top.param.n": "2", "node.items.param.tag": null },
  provenance: { "node.top.param.n": "ranking", "node.items.param.tag": "recall" },
  kv: { "graph.name": "simple", "node.top.param.n": "2", "node.top.op": "basic.limit" },
  document: null, errors: [],
};

describe("assignment tables", () => {
  it("lists every layer with its slot, bucketed or not", () => {
    expect(layerRows(a)).toEqual([
      { layer: "ranking", slot: 42, experiment: "limit", bucket: "treat" },
      { layer: "recall", slot: 9001, experiment: null, bucket: null },
    ]);
  });
  it("lists the merged KV with the layer of each override, unset keys included", () => {
    expect(kvRows(a)).toEqual([
      { key: "graph.name", value: "simple", layer: null },
      { key: "node.items.param.tag", value: null, layer: "recall" },
      { key: "node.top.op", value: "basic.limit", layer: null },
      { key: "node.top.param.n", value: "2", layer: "ranking" },
    ]);
  });
  it("marks the nodes a layer changed", () => {
    expect(overriddenNodes(a)).toEqual({ top: "node.top.param.n set by layer ranking", items: "node.items.param.tag set by layer recall" });
  });
});
