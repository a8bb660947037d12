import { describe, expect, it } from "vitest";
import { canonicalJson, decodeParam, encodeParam, paramKind } from "./kvValue";

describe("paramKind from a JSON Schema", () => {
  it("reads plain types", () => {
    expect(paramKind({ type: "string" })).toBe("str");
    expect(paramKind({ type: "integer" })).toBe("json");
    expect(paramKind({ type: "array", items: { type: "string" } })).toBe("json");
    expect(paramKind(undefined)).toBe("mixed");
    expect(paramKind({})).toBe("mixed");
  });
  it("reads unions, enums and refs as pydantic writes them", () => {
    expect(paramKind({ anyOf: [{ type: "string" }, { type: "null" }] })).toBe("mixed");
    expect(paramKind({ anyOf: [{ type: "integer" }, { type: "null" }] })).toBe("json");
    expect(paramKind({ enum: ["a", "b"] })).toBe("str");
    expect(paramKind({ enum: ["a", 1] })).toBe("mixed");
    expect(paramKind({ type: ["string", "null"] })).toBe("mixed");
    const root = { $defs: { Mode: { enum: ["x", "y"], type: "string" } } };
    expect(paramKind({ $ref: "#/$defs/Mode" }, root)).toBe("str");
  });
});

describe("encodeParam / decodeParam (graphengine/kv.py)", () => {
  it("writes numbers, booleans and null as JSON, and lists/dicts with sorted keys", () => {
    expect(encodeParam("json", 300)).toBe("300");
    expect(encodeParam("json", true)).toBe("true");
    expect(encodeParam("json", null)).toBe("null");
    expect(encodeParam("json", { b: 1, a: [1, "x"] })).toBe('{"a":[1,"x"],"b":1}');
    expect(canonicalJson({ z: { y: 1, x: 2 } })).toBe('{"z":{"x":2,"y":1}}');
  });
  it("keeps str params verbatim", () => {
    expect(encodeParam("str", "300")).toBe("300");
    expect(decodeParam("str", "[1]")).toBe("[1]");
  });
  it("quotes a mixed string only when it would read back as something else", () => {
    expect(encodeParam("mixed", "hot")).toBe("hot");
    expect(encodeParam("mixed", "300")).toBe('"300"');
    expect(encodeParam("mixed", "null")).toBe('"null"');
    expect(encodeParam("mixed", 300)).toBe("300");
    expect(decodeParam("mixed", '"300"')).toBe("300");
    expect(decodeParam("mixed", "300")).toBe(300);
    expect(decodeParam("mixed", ' "x"')).toBe(' "x"');
  });
  it("refuses a json text that does not parse, or overflows", () => {
    expect(() => decodeParam("json", "abc")).toThrow();
    expect(() => decodeParam("json", "1e999")).toThrow();
    expect(decodeParam("mixed", "abc")).toBe("abc");
  });
  it("round-trips", () => {
    for (const [kind, v] of [["json", [1, 2]], ["mixed", "true"], ["mixed", true], ["str", " x "], ["json", { a: null }]] as const) {
      expect(decodeParam(kind, encodeParam(kind, v))).toEqual(v);
    }
  });
});
