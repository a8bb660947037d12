import { describe, expect, it } from "vitest";
import { copyPayload, parsePayload, pasteInto } from "./clipboard";
import { sampleDoc } from "./testDocs";

describe("clipboard", () => {
  it("round-trips through text and pastes with fresh ids and internal links", () => {
    const doc = sampleDoc();
    const payload = parsePayload(JSON.stringify(copyPayload(doc, ["hot", "merge", "top"])));
    expect(payload?.groups.map((g) => g.id)).toEqual(["recall"]);
    const { doc: next, ids } = pasteInto(doc, payload!);
    expect(ids).toEqual(["hot_2", "merge_2", "top_2"]);
    const merge2 = next.nodes.find((n) => n.id === "merge_2");
    expect(merge2?.inputs).toEqual({ sources: ["hot_2"] }); // "cf" was not copied
    expect(next.nodes.find((n) => n.id === "top_2")?.inputs).toEqual({ items: ["merge_2"] });
    expect(next.nodes.find((n) => n.id === "hot_2")?.position).toEqual({ x: 40, y: 40 });
    expect(next.groups).toHaveLength(1);
  });
  it("pastes into another graph, bringing the group along and placing at a point", () => {
    const payload = copyPayload(sampleDoc(), ["cf", "is_new"])!;
    const empty = { schema: 1 as const, name: "other", nodes: [] };
    const { doc } = pasteInto(empty, payload, { x: 500, y: 500 });
    expect(doc.nodes.map((n) => n.id)).toEqual(["is_new", "cf"]);
    expect(doc.nodes[1]?.unless).toBe("is_new");
    expect(doc.nodes[1]?.group).toBe("recall");
    expect(doc.groups?.[0]?.id).toBe("recall");
    expect(doc.nodes[0]?.position).toEqual({ x: 500, y: 500 });
  });
  it("ignores foreign text", () => {
    expect(parsePayload("hello")).toBeNull();
    expect(parsePayload('{"kind":"other"}')).toBeNull();
  });
});
