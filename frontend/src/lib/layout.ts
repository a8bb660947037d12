// Node placement: a quick synchronous layering for documents saved without positions, and
// an ELK "layered" auto-layout (left to right) for the toolbar button.
import type { GraphDocument } from "../api/types";
import type { Catalog } from "./connect";
import { dependencies } from "./doc";
import { nodeGeometry } from "./geometry";

const COL_GAP = 90;
const ROW_GAP = 30;

/** Column = longest path from a root; stacked top-down. Cycles are cut, not looped on. */
export function layerRanks(doc: GraphDocument): Map<string, number> {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const rank = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (id: string): number => {
    const known = rank.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const node = byId.get(id);
    let r = 0;
    for (const dep of node ? dependencies(node) : []) if (byId.has(dep)) r = Math.max(r, visit(dep) + 1);
    visiting.delete(id);
    rank.set(id, r);
    return r;
  };
  for (const n of doc.nodes) visit(n.id);
  return rank;
}

/**
 * Give every node without a position one (nodes with positions stay where they are).
 * Columns follow the dependency depth; each group gets a horizontal band of its own, so a
 * group's box never takes in nodes of other groups.
 */
export function fillPositions(doc: GraphDocument, catalog: Catalog): GraphDocument {
  if (doc.nodes.every((n) => n.position)) return doc;
  const ranks = layerRanks(doc);
  const placed = doc.nodes.filter((n) => n.position);
  let bandTop = placed.length ? Math.max(...placed.map((n) => n.position?.y ?? 0)) + 200 : 0;
  const groupIds = new Set((doc.groups ?? []).map((g) => g.id));
  const laneOf = (group: string | undefined) => (group && groupIds.has(group) ? group : "");
  const lanes = [...(doc.groups ?? []).map((g) => g.id), ""];
  const positions = new Map<string, { x: number; y: number }>();
  for (const lane of lanes) {
    const members = doc.nodes.filter((n) => !n.position && laneOf(n.group) === lane);
    if (!members.length) continue;
    // Groups get room for their box header above the first row.
    const top = bandTop + (lane ? 50 : 0);
    const colY = new Map<number, number>();
    let bottom = top;
    for (const n of members) {
      const r = ranks.get(n.id) ?? 0;
      const g = nodeGeometry(n, catalog[n.op]);
      const y = colY.get(r) ?? top;
      positions.set(n.id, { x: r * (g.width + COL_GAP), y });
      colY.set(r, y + g.height + ROW_GAP);
      bottom = Math.max(bottom, y + g.height);
    }
    bandTop = bottom + (lane ? 70 : ROW_GAP * 2);
  }
  return { ...doc, nodes: doc.nodes.map((n) => (n.position ? n : { ...n, position: positions.get(n.id) ?? { x: 0, y: 0 } })) };
}

interface ElkResultNode {
  id: string;
  x?: number;
  y?: number;
  children?: ElkResultNode[];
}

// Same margins as the group boxes drawn on the canvas (lib/flow.ts), so laid-out boxes
// do not overlap.
const GROUP_PADDING = "[top=46,left=20,bottom=20,right=20]";

/**
 * ELK layered layout, left to right; groups are laid out as compound nodes so members
 * stay together. Returns new absolute positions keyed by node id.
 */
export async function elkLayout(doc: GraphDocument, catalog: Catalog): Promise<Record<string, { x: number; y: number }>> {
  // elkjs is large (~1.5 MB): load it on first use, not with the app.
  const { default: ELK } = await import("elkjs/lib/elk.bundled.js");
  const elk = new ELK();
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const box = (id: string) => {
    const n = byId.get(id);
    const g = n ? nodeGeometry(n, catalog[n.op]) : { width: 220, height: 80 };
    return { id, width: g.width, height: g.height };
  };
  const groupIds = new Set((doc.groups ?? []).map((g) => g.id));
  const members = new Map<string, string[]>();
  const top: string[] = [];
  for (const id of byId.keys()) {
    const gid = byId.get(id)?.group;
    if (gid && groupIds.has(gid)) members.set(gid, [...(members.get(gid) ?? []), id]);
    else top.push(id);
  }
  const edges: Array<{ id: string; sources: string[]; targets: string[] }> = [];
  for (const n of doc.nodes) {
    dependencies(n).forEach((dep, i) => {
      if (byId.has(dep) && dep !== n.id) edges.push({ id: `${dep}>${n.id}#${i}`, sources: [dep], targets: [n.id] });
    });
  }
  const graph = (await elk.layout({
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.hierarchyHandling": "INCLUDE_CHILDREN",
      "elk.layered.spacing.nodeNodeBetweenLayers": String(COL_GAP),
      "elk.spacing.nodeNode": String(ROW_GAP),
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
      "elk.layered.cycleBreaking.strategy": "GREEDY",
    },
    children: [
      ...top.map(box),
      ...[...members].map(([gid, ids]) => ({ id: `group:${gid}`, layoutOptions: { "elk.padding": GROUP_PADDING }, children: ids.map(box) })),
    ],
    edges,
  })) as ElkResultNode;
  const out: Record<string, { x: number; y: number }> = {};
  const collect = (nodes: ElkResultNode[] | undefined, dx: number, dy: number) => {
    for (const c of nodes ?? []) {
      const x = dx + (c.x ?? 0);
      const y = dy + (c.y ?? 0);
      if (c.children?.length) collect(c.children, x, y);
      else if (byId.has(c.id)) out[c.id] = { x: Math.round(x), y: Math.round(y) };
    }
  };
  collect(graph.children, 0, 0);
  return out;
}
