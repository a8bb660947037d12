import { describe, expect, it } from "vitest";
import type { GraphDocument } from "../api/types";
import { isRuleGraph, misfit } from "./versionFit";

const doc = (...ops: string[]): GraphDocument =>
  ({ schema: 1, name: "g", nodes: ops.map((op, i) => ({ id: `n${i}`, op, params: {} })) }) as GraphDocument;

describe("misfit", () => {
  it("tells rule graphs by their pattern nodes", () => {
    expect(isRuleGraph(doc("cep.absence", "action.record"))).toBe(true);
    expect(isRuleGraph(doc("action.record"))).toBe(false);
    expect(isRuleGraph(doc("recall.hot_items", "basic.limit"))).toBe(false);
  });

  it("keeps rule graphs for rules scenes and the rest for recommend scenes", () => {
    expect(misfit("rules", doc("cep.count", "action.record"))).toBeNull();
    expect(misfit("rules", doc("recall.hot_items"))).toMatch(/not a rule set/);
    expect(misfit("recommend", doc("cep.sequence"))).toMatch(/rule set/);
    expect(misfit("recommend", doc("recall.hot_items"))).toBeNull();
    expect(misfit(undefined, doc("cep.sequence"))).toBeNull();
  });
});
