import { describe, expect, it } from "vitest";
import { byCategory, searchOperators } from "./catalog";
import { problemsByNode } from "./problems";
import { entries } from "./testDocs";

describe("catalog helpers", () => {
  it("searches name, title and description with all words", () => {
    expect(searchOperators(entries, "hot").map((e) => e.name)).toEqual(["recall.hot_items"]);
    expect(searchOperators(entries, "recall op").length).toBe(2);
    expect(searchOperators(entries, "").length).toBe(entries.length);
  });
  it("sections by category, sorted", () => {
    expect(byCategory(entries).map(([c]) => c)).toEqual(["basic", "control", "debug", "merge", "recall"]);
  });
  it("indexes problems by node", () => {
    const p = { code: "c", field: null, message: "m" };
    expect(problemsByNode([{ ...p, node: "a" }, { ...p, node: null }, { ...p, node: "a" }])).toEqual({ a: [{ ...p, node: "a" }, { ...p, node: "a" }] });
  });
});
