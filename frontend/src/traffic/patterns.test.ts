import { describe, expect, it } from "vitest";
import { isValidPattern, matches, owned, ownedKeys, parsePatterns } from "./patterns";

describe("matches (patterns.py semantics)", () => {
  it("treats text literally, dots included", () => {
    expect(matches("node.cf.param.limit", "node.cf.param.limit")).toBe(true);
    expect(matches("node.cf.param.limit", "nodeXcf.param.limit")).toBe(false);
    expect(matches("node.cf.param.limit", "node.cf.param.limit2")).toBe(false);
  });
  it("lets * stand for any run of characters, dots and nothing included", () => {
    expect(matches("node.cf.param.*", "node.cf.param.limit")).toBe(true);
    expect(matches("node.*.limit", "node.cf.param.limit")).toBe(true);
    expect(matches("node.cf.*", "node.cf.")).toBe(true);
    expect(matches("*", "graph.timeout_ms")).toBe(true);
    expect(matches("node.cf.param.*", "node.cfx.param.limit")).toBe(false);
    expect(matches("node.*.param.n", "node.top.param.n2")).toBe(false);
  });
  it("anchors both ends", () => {
    expect(matches("param.*", "node.cf.param.limit")).toBe(false);
    expect(matches("*.limit", "node.cf.param.limit")).toBe(true);
  });
  it("has no other wildcard: ? and brackets are refused as patterns", () => {
    expect(isValidPattern("node.?")).toBe(false);
    expect(isValidPattern("node.[ab]")).toBe(false);
    expect(isValidPattern("node.cf.param.*")).toBe(true);
    expect(isValidPattern("")).toBe(false);
    expect(isValidPattern("a".repeat(201))).toBe(false);
  });
});

describe("owned / ownedKeys", () => {
  const keys = ["graph.timeout_ms", "node.cf.op", "node.cf.param.limit", "node.hot.param.limit"];
  it("keeps the keys any pattern owns, in order", () => {
    expect(ownedKeys(["node.cf.param.*"], keys)).toEqual(["node.cf.param.limit"]);
    expect(ownedKeys(["node.*.param.limit", "graph.*"], keys)).toEqual(["graph.timeout_ms", "node.cf.param.limit", "node.hot.param.limit"]);
    expect(owned([], "node.cf.op")).toBe(false);
  });
});

describe("parsePatterns", () => {
  it("splits on commas and lines and trims", () => {
    expect(parsePatterns(" node.cf.param.* ,\n\ngraph.timeout_ms\n")).toEqual(["node.cf.param.*", "graph.timeout_ms"]);
  });
});
