import { describe, expect, it } from "vitest";
import { catalog } from "../lib/testDocs";
import { candidateKeys, nodeOps, offeredKeys, paramOfKey, paramSchemaOf } from "./overrideKeys";

const kv = {
  "graph.schema": "1",
  "graph.name": "feed",
  "node.cf.op": "recall.item_cf",
  "node.cf.pos": "0,0",
  "node.top.op": "basic.limit",
  "node.top.param.n": "5",
  "node.top.in.items": "cf",
};

describe("paramOfKey / nodeOps", () => {
  it("splits param keys and nothing else", () => {
    expect(paramOfKey("node.top.param.n")).toEqual({ node: "top", name: "n" });
    expect(paramOfKey("node.top.op")).toBeNull();
    expect(nodeOps(kv)).toEqual({ cf: "recall.item_cf", top: "basic.limit" });
  });
});

describe("candidateKeys / offeredKeys", () => {
  it("offers the KV's keys and every declared param, not layout", () => {
    const keys = candidateKeys(kv, catalog);
    expect(keys).toContain("node.cf.param.limit"); // at its default: not in the KV
    expect(keys).toContain("node.top.param.n");
    expect(keys).toContain("node.top.in.items");
    expect(keys).not.toContain("node.cf.pos");
    expect(keys).not.toContain("graph.schema");
  });
  it("keeps what the layer owns", () => {
    expect(offeredKeys(["node.cf.param.*"], kv, catalog)).toEqual(["node.cf.param.limit"]);
    expect(offeredKeys(["node.*.param.*"], kv, catalog)).toEqual(["node.cf.param.limit", "node.top.param.n"]);
  });
});

describe("paramSchemaOf", () => {
  it("finds the operator's schema for a param key", () => {
    expect(paramSchemaOf("node.cf.param.limit", kv, catalog)?.schema).toEqual({ type: "integer", default: 300 });
    expect(paramSchemaOf("node.cf.param.nope", kv, catalog)).toBeNull();
    expect(paramSchemaOf("node.cf.op", kv, catalog)).toBeNull();
  });
});
