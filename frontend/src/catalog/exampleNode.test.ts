import { describe, expect, it } from "vitest";
import type { OperatorEntry } from "../api/types";
import { exampleNode, exampleValue, nodeIdFor } from "./exampleNode";

function entry(partial: Partial<OperatorEntry>): OperatorEntry {
  return {
    name: "basic.sort",
    title: "Sort",
    category: "basic",
    description: "",
    inputs: [],
    output: { type: "Dataset" },
    params_schema: { type: "object", properties: {} },
    version: "1",
    ...partial,
  };
}

describe("nodeIdFor", () => {
  it("derives a valid node id from the operator name", () => {
    expect(nodeIdFor("recall.hot_items")).toBe("hot_items");
    expect(nodeIdFor("x.2fa-check")).toBe("fa_check");
    expect(nodeIdFor("x.123")).toBe("node");
    expect(nodeIdFor("x." + "a".repeat(80))).toHaveLength(64);
  });
});

describe("exampleValue", () => {
  it("prefers examples, then the default, then the smallest valid value", () => {
    expect(exampleValue({ type: "string", examples: ["score"], default: "x" }, {})).toBe("score");
    expect(exampleValue({ type: "integer", default: 200 }, {})).toBe(200);
    expect(exampleValue({ type: "integer", minimum: 3 }, {})).toBe(3);
    expect(exampleValue({ type: "integer", exclusiveMinimum: 0 }, {})).toBe(1);
    expect(exampleValue({ type: "number", exclusiveMinimum: 0, maximum: 1 }, {})).toBe(0.5);
    expect(exampleValue({ type: "string", enum: ["inner", "left"] }, {})).toBe("inner");
    expect(exampleValue({ type: "string" }, {}, "path")).toBe("<path>");
    expect(exampleValue({ anyOf: [{ type: "null" }, { type: "boolean" }] }, {})).toBe(false);
  });
  it("fills arrays up to minItems and objects with their required keys via $ref", () => {
    const defs = {
      Rule: { type: "object", required: ["when"], properties: { when: { type: "string" }, add: { type: "number" } } },
    };
    const schema = { type: "array", minItems: 1, items: { $ref: "#/$defs/Rule" } };
    expect(exampleValue(schema, defs, "rules")).toEqual([{ when: "<when>" }]);
  });
  it("stops on a recursive reference", () => {
    const defs = { Loop: { $ref: "#/$defs/Loop" } };
    expect(exampleValue({ $ref: "#/$defs/Loop" }, defs)).toBeNull();
  });
});

describe("exampleNode", () => {
  it("sets required params and wires required ports", () => {
    const node = exampleNode(
      entry({
        name: "merge.priority",
        inputs: [
          { name: "sources", type: "Dataset", multiple: true, required: true },
          { name: "seed", type: "Dataset", multiple: false, required: false },
        ],
        params_schema: {
          properties: { by: { type: "string", examples: ["score"] }, limit: { type: "integer", default: 5 } },
          required: ["by"],
        },
      }),
    );
    expect(node).toEqual({
      id: "priority",
      op: "merge.priority",
      params: { by: "score" },
      inputs: { sources: ["source_a", "source_b"] },
    });
  });
  it("shows one param even when none is required, and no inputs for a source node", () => {
    const node = exampleNode(
      entry({ name: "recall.hot_items", params_schema: { properties: { limit: { type: "integer", default: 200 } } } }),
    );
    expect(node).toEqual({ id: "hot_items", op: "recall.hot_items", params: { limit: 200 } });
  });
  it("wires a single-valued port to one placeholder source", () => {
    const node = exampleNode(entry({ inputs: [{ name: "items", type: "Dataset", multiple: false, required: true }] }));
    expect(node.inputs).toEqual({ items: ["items_source"] });
    expect(node.params).toBeUndefined();
  });
});
