import { describe, expect, it } from "vitest";
import { catalogQuery, signature } from "./format";
import { paragraphs, segments, summary } from "./text";

const JOIN = "Join `left` with `right` on key fields: inner keeps matches only, left keeps every\nleft row. Left fields win.\n\nSecond paragraph.";

describe("docstring text", () => {
  it("unwraps hard line breaks and splits paragraphs on blank lines", () => {
    expect(paragraphs(JOIN)).toEqual([
      "Join `left` with `right` on key fields: inner keeps matches only, left keeps every left row. Left fields win.",
      "Second paragraph.",
    ]);
    expect(paragraphs("  \n\n ")).toEqual([]);
  });
  it("summarises with the first sentence, not cut inside code", () => {
    expect(summary(JOIN)).toBe("Join `left` with `right` on key fields: inner keeps matches only, left keeps every left row.");
    expect(summary("Reads `a. b` then stops. More.")).toBe("Reads `a. b` then stops.");
    expect(summary("No full stop")).toBe("No full stop");
    expect(summary("Set fields, e.g. `a`. Then more.")).toBe("Set fields, e.g. `a`.");
    expect(summary("Drop ids (e.g. spam). Rest.")).toBe("Drop ids (e.g. spam).");
  });
  it("splits inline code spans", () => {
    expect(segments("keep `n` rows")).toEqual([
      { code: false, text: "keep " },
      { code: true, text: "n" },
      { code: false, text: " rows" },
    ]);
    expect(segments("odd ` tick")).toEqual([{ code: false, text: "odd ` tick" }]);
  });
});

describe("format", () => {
  it("writes a port signature with optional and multiple ports", () => {
    const inputs = [
      { name: "sources", type: "Dataset", multiple: true, required: true },
      { name: "seed", type: "Dataset", multiple: false, required: false },
    ];
    expect(signature({ inputs, output: { type: "Dataset" } })).toBe("(sources: list[Dataset], seed?: Dataset) → Dataset");
    expect(signature({ inputs: [], output: { type: "bool" } })).toBe("() → bool");
  });
  it("keeps only the filters that are set in the query string", () => {
    expect(catalogQuery("", "")).toBe("");
    expect(catalogQuery("recall", "")).toBe("?category=recall");
    expect(catalogQuery("", "hot items")).toBe("?q=hot+items");
  });
});
