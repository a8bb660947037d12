import { describe, expect, it } from "vitest";
import { paramErrors, paramsFromForm, simplifySchema } from "./schema";

const schema = {
  type: "object",
  properties: {
    limit: { type: "integer", default: 200 },
    category_id: { anyOf: [{ type: "string" }, { type: "null" }], default: null, title: "Category" },
    weights: { type: "object", additionalProperties: { anyOf: [{ type: "number" }, { type: "null" }] } },
  },
};

describe("schema helpers", () => {
  it("turns T | None into a nullable type", () => {
    const s = simplifySchema(schema);
    const props = s.properties as Record<string, Record<string, unknown>>;
    expect(props.category_id).toEqual({ type: ["string", "null"], default: null, title: "Category" });
    expect((props.weights?.additionalProperties as Record<string, unknown>).type).toEqual(["number", "null"]);
  });
  it("titles a referenced property by its own name, not its type's", () => {
    const step = {
      $defs: { EventType: { enum: ["click", "cart"], title: "EventType", type: "string" } },
      type: "object",
      properties: { type: { $ref: "#/$defs/EventType" }, min_count: { $ref: "#/$defs/EventType", title: "Kept" } },
    };
    const props = simplifySchema(step).properties as Record<string, Record<string, unknown>>;
    expect(props.type).toEqual({ $ref: "#/$defs/EventType", title: "Type" });
    expect(props.min_count?.title).toBe("Kept");
  });
  it("keeps only params the user set", () => {
    expect(paramsFromForm({ limit: 200, category_id: null, weights: undefined }, schema)).toEqual({});
    expect(paramsFromForm({ limit: 300, category_id: "shoes" }, schema)).toEqual({ limit: 300, category_id: "shoes" });
    expect(paramsFromForm({ limit: 200 }, schema, { limit: 200 })).toEqual({ limit: 200 });
    expect(paramsFromForm({ limit: 200, category_id: null }, schema, { limit: 300, category_id: "x" })).toEqual({});
  });
  it("strips defaults inside array items and $ref'd objects", () => {
    const boost = {
      $defs: { Rule: { type: "object", properties: { when: { type: "string" }, add: { type: "number", default: 0 } } } },
      type: "object",
      properties: { rules: { type: "array", items: { $ref: "#/$defs/Rule" } }, field: { type: "string", default: "score" } },
    };
    const prev = { rules: [{ when: "a" }, { when: "b", add: 0 }] };
    const form = { rules: [{ when: "a", add: 0 }, { when: "b", add: 0 }], field: "score" };
    expect(paramsFromForm(form, boost, prev)).toEqual(prev);
    expect(paramsFromForm({ ...form, field: "s2" }, boost, prev)).toEqual({ ...prev, field: "s2" });
  });
  it("maps server problems to form errors", () => {
    expect(paramErrors([{ field: "params.limit", message: "too big" }, { field: null, message: "x" }])).toEqual({ limit: { __errors: ["too big"] } });
  });
});
