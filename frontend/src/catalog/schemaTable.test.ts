import { describe, expect, it } from "vitest";
import { paramRows, rangeText, typeLabel } from "./schemaTable";

// Trimmed from the real catalog (recall.hot_items, score.rule_boost, basic.join).
const HOT_ITEMS = {
  type: "object",
  additionalProperties: false,
  properties: {
    limit: { default: 200, description: "How many items at most", maximum: 5000, minimum: 1, title: "Limit", type: "integer" },
    category_id: { anyOf: [{ type: "string" }, { type: "null" }], default: null, description: "Only this category" },
    tag: { default: "hot", maxLength: 64, minLength: 1, type: "string" },
    key: { type: "string", examples: ["hot:all"] },
  },
  required: ["key"],
};

const RULE_BOOST = {
  $defs: {
    BoostRule: { type: "object", title: "BoostRule", required: ["when"], properties: { when: { type: "string" } } },
  },
  properties: {
    rules: { items: { $ref: "#/$defs/BoostRule" }, maxItems: 50, minItems: 1, type: "array" },
    rule: { $ref: "#/$defs/BoostRule" },
  },
  required: ["rules"],
};

describe("typeLabel", () => {
  it("names scalars the Python way", () => {
    expect(typeLabel({ type: "integer" })).toBe("int");
    expect(typeLabel({ type: "number" })).toBe("float");
    expect(typeLabel({ type: "boolean" })).toBe("bool");
    expect(typeLabel({ type: "string" })).toBe("str");
  });
  it("joins anyOf branches, null included", () => {
    expect(typeLabel({ anyOf: [{ type: "string" }, { type: "null" }] })).toBe("str | null");
    expect(typeLabel({ anyOf: [{ type: "integer", minimum: 1 }, { type: "null" }] })).toBe("int | null");
    expect(typeLabel({ type: ["string", "null"] })).toBe("str | null");
  });
  it("describes containers and references", () => {
    expect(typeLabel({ type: "array", items: { type: "string" } })).toBe("list[str]");
    expect(typeLabel({ type: "array", items: {} })).toBe("list");
    expect(typeLabel({ type: "object", additionalProperties: { type: "number" } })).toBe("dict[str, float]");
    expect(typeLabel({ type: "object" })).toBe("dict");
    expect(typeLabel({ type: "array", items: { $ref: "#/$defs/BoostRule" } })).toBe("list[BoostRule]");
    expect(typeLabel({})).toBe("any");
  });
});

describe("rangeText", () => {
  it("writes inclusive numeric bounds as a span", () => {
    expect(rangeText({ type: "integer", minimum: 1, maximum: 5000 })).toBe("1 – 5000");
    expect(rangeText({ type: "number", minimum: 0 })).toBe("≥ 0");
    expect(rangeText({ type: "number", maximum: 1 })).toBe("≤ 1");
  });
  it("writes exclusive bounds with strict signs", () => {
    expect(rangeText({ type: "number", exclusiveMinimum: 0 })).toBe("> 0");
    expect(rangeText({ type: "number", exclusiveMinimum: 0, maximum: 1 })).toBe("> 0, ≤ 1");
    expect(rangeText({ type: "number", minimum: 0, exclusiveMaximum: 1 })).toBe("≥ 0, < 1");
  });
  it("covers lengths, item counts, enums and patterns", () => {
    expect(rangeText({ type: "string", minLength: 1, maxLength: 64 })).toBe("length 1 – 64");
    expect(rangeText({ type: "string", minLength: 1 })).toBe("length ≥ 1");
    expect(rangeText({ type: "array", minItems: 1, maxItems: 10 })).toBe("1 – 10 items");
    expect(rangeText({ type: "string", enum: ["inner", "left"] })).toBe("one of inner, left");
    expect(rangeText({ type: "string", pattern: "^[a-z]+$" })).toBe("matches /^[a-z]+$/");
  });
  it("reads the bounds inside a nullable anyOf", () => {
    expect(rangeText({ anyOf: [{ type: "integer", minimum: 1, maximum: 100 }, { type: "null" }] })).toBe("1 – 100");
    expect(rangeText({ anyOf: [{ type: "string" }, { type: "null" }] })).toBe("");
  });
  it("is empty when anything goes", () => {
    expect(rangeText({ type: "boolean" })).toBe("");
  });
});

describe("paramRows", () => {
  it("makes one row per property, in schema order", () => {
    const rows = paramRows(HOT_ITEMS);
    expect(rows.map((r) => r.name)).toEqual(["limit", "category_id", "tag", "key"]);
    expect(rows[0]).toEqual({
      name: "limit",
      title: "Limit",
      type: "int",
      default: "200",
      range: "1 – 5000",
      required: false,
      description: "How many items at most",
      example: null,
    });
  });
  it("tells a null default from no default, and required from optional", () => {
    const [, categoryId, tag, key] = paramRows(HOT_ITEMS);
    expect(categoryId).toMatchObject({ type: "str | null", default: "null", required: false, title: "category_id" });
    expect(tag).toMatchObject({ default: '"hot"', range: "length 1 – 64" });
    expect(key).toMatchObject({ default: null, required: true, example: '"hot:all"' });
  });
  it("follows $ref for the range and names the definition as the type", () => {
    const [rules, rule] = paramRows(RULE_BOOST);
    expect(rules).toMatchObject({ type: "list[BoostRule]", range: "1 – 50 items", required: true });
    expect(rule).toMatchObject({ type: "BoostRule", range: "", required: false });
  });
  it("copes with a schema without properties", () => {
    expect(paramRows({ type: "object" })).toEqual([]);
    expect(paramRows({})).toEqual([]);
  });
});
