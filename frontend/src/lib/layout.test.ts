import { describe, expect, it } from "vitest";
import { elkLayout, fillPositions, layerRanks } from "./layout";
import { catalog, sampleDoc } from "./testDocs";

const unplaced = () => ({ ...sampleDoc(), nodes: sampleDoc().nodes.map(({ position: _p, ...n }) => n) });

describe("layout", () => {
  it("ranks by longest dependency path", () => {
    const ranks = layerRanks(sampleDoc());
    expect(ranks.get("is_new")).toBe(0);
    expect(ranks.get("cf")).toBe(1);
    expect(ranks.get("merge")).toBe(2);
    expect(ranks.get("top")).toBe(3);
  });
  it("fills missing positions left to right", () => {
    const doc = fillPositions(unplaced(), catalog);
    const x = (id: string) => doc.nodes.find((n) => n.id === id)?.position?.x ?? -1;
    expect(x("is_new")).toBe(0);
    expect(x("merge")).toBeGreaterThan(x("cf"));
    expect(x("top")).toBeGreaterThan(x("merge"));
  });
  it("elk places every node, sources left of consumers", async () => {
    const pos = await elkLayout(sampleDoc(), catalog);
    expect(Object.keys(pos).sort()).toEqual(["cf", "hot", "is_new", "merge", "top"]);
    expect(pos.merge!.x).toBeGreaterThan(pos.hot!.x);
    expect(pos.top!.x).toBeGreaterThan(pos.merge!.x);
  });
});

describe("layout with groups", () => {
  const boxOf = (doc: ReturnType<typeof sampleDoc>, ids: string[]) => {
    const ps = doc.nodes.filter((n) => ids.includes(n.id)).map((n) => n.position!);
    return { x0: Math.min(...ps.map((p) => p.x)), y0: Math.min(...ps.map((p) => p.y)), y1: Math.max(...ps.map((p) => p.y + 60)) };
  };
  it("fillPositions gives each group its own band", () => {
    // "is_new" is not in "recall" but has the same depth as "hot"
    const doc = fillPositions(unplaced(), catalog);
    const recall = boxOf(doc, ["hot", "cf"]);
    const isNew = doc.nodes.find((n) => n.id === "is_new")!.position!;
    expect(isNew.y > recall.y1 || isNew.y + 60 < recall.y0).toBe(true);
  });
  it("elk keeps group members together and outsiders outside", async () => {
    const doc = sampleDoc();
    const pos = await elkLayout(doc, catalog);
    const placed = { ...doc, nodes: doc.nodes.map((n) => ({ ...n, position: pos[n.id]! })) };
    const recall = boxOf(placed, ["hot", "cf"]);
    for (const id of ["is_new", "merge", "top"]) {
      const p = pos[id]!;
      const inside = p.y >= recall.y0 && p.y <= recall.y1 && p.x >= recall.x0 && p.x <= recall.x0 + 220;
      expect(inside).toBe(false);
    }
  });
});
