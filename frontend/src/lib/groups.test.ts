import { describe, expect, it } from "vitest";
import { groupNodes, ungroup, updateGroup } from "./groups";
import { sampleDoc } from "./testDocs";

describe("groups", () => {
  it("groups nodes under a fresh id", () => {
    const { doc, groupId } = groupNodes(sampleDoc(), ["merge", "top"]);
    expect(groupId).toBe("group");
    expect(doc.nodes.filter((n) => n.group === "group").map((n) => n.id)).toEqual(["merge", "top"]);
  });
  it("renames a group and its members' references", () => {
    const doc = updateGroup(sampleDoc(), "recall", { id: "sources", label: "Sources", timeout_ms: undefined });
    expect(doc.groups).toEqual([{ id: "sources", label: "Sources" }]);
    expect(doc.nodes.filter((n) => n.group === "sources")).toHaveLength(2);
  });
  it("ungroups, keeping members", () => {
    const doc = ungroup(sampleDoc(), ["recall"]);
    expect(doc.groups).toBeUndefined();
    expect(doc.nodes.some((n) => n.group)).toBe(false);
    expect(doc.nodes).toHaveLength(5);
  });
});
