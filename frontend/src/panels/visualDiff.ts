// The visual diff of two graph documents: the newer document plus "ghosts" of the removed
// nodes at their old places, node decorations (added / changed / removed), the links that
// came or went (as canvas edge ids), and a summary list. Same rules as the server's
// graphengine/diff.py: positions are layout, not a change; links are compared per target
// port as multisets, so a reorder is reported apart from a link added or removed.
import type { GraphDocument, NodeDoc } from "../api/types";
import { COND_HANDLE, condEdgeId, dataEdgeId, inHandle, OUT_HANDLE, type Catalog } from "../lib/connect";
import { isEqual } from "../lib/docDiff";
import type { FlowEdge, NodeDecoration } from "../lib/flow";
import { nodeGeometry } from "../lib/geometry";
import { fillPositions } from "../lib/layout";
import { formatValue } from "./format";

export interface FieldChange {
  field: string;
  old: unknown;
  new: unknown;
}

/** A link that came or went, with the canvas edge id it has (or had). */
export interface DiffLink {
  id: string;
  source: string;
  target: string;
  targetHandle: string;
  /** The input port, or "when" / "unless". */
  via: string;
}

export interface DiffEntry {
  kind: "node" | "link" | "order" | "group" | "setting";
  change: "added" | "removed" | "changed";
  /** The node to centre on when the entry is clicked. */
  node: string | null;
  text: string;
  changes: FieldChange[];
}

export interface VisualDiff {
  /** The newer document plus the removed nodes (without their links) at their old positions. */
  doc: GraphDocument;
  decorations: Record<string, NodeDecoration>;
  /** Canvas edge ids (of `doc`) of links the newer document added. */
  addedLinks: Record<string, true>;
  /** Links only the older document has: drawn as extra edges. */
  removedLinks: DiffLink[];
  nodeChanges: Record<string, FieldChange[]>;
  entries: DiffEntry[];
  summary: string;
}

/** What the canvas shows in diff mode. */
export interface DiffView extends VisualDiff {
  title: string;
}

const NODE_FIELDS = ["op", "group", "when", "unless", "optional", "timeout_ms"] as const;
const GROUP_FIELDS = ["label", "timeout_ms", "max_concurrency"] as const;

function fieldOf(node: NodeDoc, f: (typeof NODE_FIELDS)[number]): unknown {
  return f === "optional" ? !!node.optional : node[f];
}

export function nodeChanges(a: NodeDoc, b: NodeDoc): FieldChange[] {
  const out: FieldChange[] = [];
  for (const f of NODE_FIELDS) if (!isEqual(fieldOf(a, f), fieldOf(b, f))) out.push({ field: f, old: fieldOf(a, f), new: fieldOf(b, f) });
  const pa = a.params ?? {};
  const pb = b.params ?? {};
  for (const k of [...new Set([...Object.keys(pa), ...Object.keys(pb)])].sort()) {
    if (!isEqual(pa[k], pb[k])) out.push({ field: `params.${k}`, old: pa[k], new: pb[k] });
  }
  return out;
}

interface LinkList {
  via: string;
  handle: string;
  sources: string[];
  /** Canvas edge id of each source, numbered like lib/flow.ts numbers repeated sources. */
  ids: string[];
}

function linkLists(node: NodeDoc | undefined): Map<string, LinkList> {
  const out = new Map<string, LinkList>();
  if (!node) return out;
  for (const [port, sources] of Object.entries(node.inputs ?? {})) {
    const seen = new Map<string, number>();
    const ids = sources.map((s) => {
      const dup = seen.get(s) ?? 0;
      seen.set(s, dup + 1);
      return dataEdgeId(node.id, port, s) + (dup ? `#${dup}` : "");
    });
    out.set(`in:${port}`, { via: port, handle: inHandle(port), sources, ids });
  }
  for (const kind of ["when", "unless"] as const) {
    const s = node[kind];
    if (s) out.set(kind, { via: kind, handle: COND_HANDLE, sources: [s], ids: [condEdgeId(node.id, kind, s)] });
  }
  return out;
}

/** Occurrences past the other side's count of the same source: the ones that came or went. */
function extra(list: LinkList, other: LinkList | undefined): number[] {
  const left = new Map<string, number>();
  for (const s of other?.sources ?? []) left.set(s, (left.get(s) ?? 0) + 1);
  const seen = new Map<string, number>();
  const out: number[] = [];
  list.sources.forEach((s, i) => {
    const k = seen.get(s) ?? 0;
    seen.set(s, k + 1);
    if (k >= (left.get(s) ?? 0)) out.push(i);
  });
  return out;
}

const kept = (list: LinkList, drop: number[]) => list.sources.filter((_, i) => !drop.includes(i));

function overlaps(a: { x: number; y: number; w: number; h: number }, b: { x: number; y: number; w: number; h: number }) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** A ghost goes where the node was; moved down while it would hide a node of the newer graph. */
function ghostPosition(ghost: NodeDoc, newer: readonly NodeDoc[], catalog: Catalog): { x: number; y: number } {
  const p = ghost.position ?? { x: 0, y: 0 };
  const g = nodeGeometry(ghost, catalog[ghost.op]);
  const boxes = newer.map((n) => {
    const ng = nodeGeometry(n, catalog[n.op]);
    return { x: n.position?.x ?? 0, y: n.position?.y ?? 0, w: ng.width, h: ng.height };
  });
  let y = p.y;
  for (let i = 0; i < 40 && boxes.some((b) => overlaps({ x: p.x, y, w: g.width, h: g.height }, b)); i++) y += 40;
  return { x: p.x, y };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function visualDiff(olderDoc: GraphDocument, newerDoc: GraphDocument, catalog: Catalog): VisualDiff {
  const older = fillPositions(olderDoc, catalog);
  const newer = fillPositions(newerDoc, catalog);
  const before = new Map(older.nodes.map((n) => [n.id, n]));
  const after = new Map(newer.nodes.map((n) => [n.id, n]));
  const decorations: Record<string, NodeDecoration> = {};
  const changesById: Record<string, FieldChange[]> = {};
  const entries: DiffEntry[] = [];
  const addedLinks: Record<string, true> = {};
  const removedLinks: DiffLink[] = [];
  const nodeEntries: DiffEntry[] = [];

  const added = [...after.keys()].filter((id) => !before.has(id)).sort();
  const removed = [...before.keys()].filter((id) => !after.has(id)).sort();
  for (const id of added) {
    decorations[id] = { diff: "added", note: "added" };
    nodeEntries.push({ kind: "node", change: "added", node: id, text: `${id} added (${after.get(id)?.op})`, changes: [] });
  }
  for (const id of removed) {
    decorations[id] = { diff: "removed", note: "removed" };
    nodeEntries.push({ kind: "node", change: "removed", node: id, text: `${id} removed (${before.get(id)?.op})`, changes: [] });
  }
  for (const id of [...after.keys()].filter((k) => before.has(k)).sort()) {
    const changes = nodeChanges(before.get(id) as NodeDoc, after.get(id) as NodeDoc);
    if (!changes.length) continue;
    changesById[id] = changes;
    const lines = changes.map((c) => `${c.field}: ${formatValue(c.old, 40)} → ${formatValue(c.new, 40)}`);
    decorations[id] = { diff: "changed", note: `changed\n${lines.join("\n")}` };
    nodeEntries.push({ kind: "node", change: "changed", node: id, text: `${id} changed: ${changes.map((c) => c.field).join(", ")}`, changes });
  }
  entries.push(...nodeEntries);

  // Links, per target node and port (ghost targets included: all their links went).
  for (const target of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const oldLists = linkLists(before.get(target));
    const newLists = linkLists(after.get(target));
    for (const key of [...new Set([...oldLists.keys(), ...newLists.keys()])].sort()) {
      const a = oldLists.get(key);
      const b = newLists.get(key);
      const came = b ? extra(b, a) : [];
      const went = a ? extra(a, b) : [];
      for (const i of came) {
        const l = b as LinkList;
        addedLinks[l.ids[i] as string] = true;
        entries.push({ kind: "link", change: "added", node: target, text: `link ${l.sources[i]} → ${target}.${l.via} added`, changes: [] });
      }
      for (const i of went) {
        const l = a as LinkList;
        const source = l.sources[i] as string;
        removedLinks.push({ id: `x:${l.ids[i]}`, source, target, targetHandle: l.handle, via: l.via });
        entries.push({ kind: "link", change: "removed", node: target, text: `link ${source} → ${target}.${l.via} removed`, changes: [] });
      }
      if (a && b && !isEqual(kept(a, went), kept(b, came))) {
        entries.push({ kind: "order", change: "changed", node: target, text: `${target}.${b.via} order: ${a.sources.join(", ")} → ${b.sources.join(", ")}`, changes: [{ field: `inputs.${b.via}`, old: a.sources, new: b.sources }] });
      }
    }
  }

  const groupsOf = (d: GraphDocument) => new Map((d.groups ?? []).map((g) => [g.id, g]));
  const gb = groupsOf(older);
  const ga = groupsOf(newer);
  for (const [id] of ga) if (!gb.has(id)) entries.push({ kind: "group", change: "added", node: null, text: `group ${id} added`, changes: [] });
  for (const [id] of gb) if (!ga.has(id)) entries.push({ kind: "group", change: "removed", node: null, text: `group ${id} removed`, changes: [] });
  for (const [id, g] of ga) {
    const o = gb.get(id);
    if (!o) continue;
    const changes = GROUP_FIELDS.filter((f) => !isEqual(o[f], g[f])).map((f) => ({ field: f, old: o[f], new: g[f] }));
    if (changes.length) entries.push({ kind: "group", change: "changed", node: null, text: `group ${id} changed: ${changes.map((c) => c.field).join(", ")}`, changes });
  }
  const settings = (d: GraphDocument): Record<string, unknown> => ({ name: d.name, ...d.settings });
  const sb = settings(older);
  const sa = settings(newer);
  for (const f of [...new Set([...Object.keys(sb), ...Object.keys(sa)])].sort()) {
    if (!isEqual(sb[f], sa[f])) entries.push({ kind: "setting", change: "changed", node: null, text: `graph ${f}: ${formatValue(sb[f], 40)} → ${formatValue(sa[f], 40)}`, changes: [{ field: f, old: sb[f], new: sa[f] }] });
  }

  const ghosts = removed.map((id) => {
    const n = before.get(id) as NodeDoc;
    const { inputs: _i, when: _w, unless: _u, ...rest } = n;
    const ghost: NodeDoc = { ...rest, position: ghostPosition(n, newer.nodes, catalog) };
    if (ghost.group && !ga.has(ghost.group)) delete ghost.group;
    return ghost;
  });
  const doc: GraphDocument = { ...newer, nodes: [...newer.nodes, ...ghosts] };

  const count = (kinds: DiffEntry["kind"][], change?: DiffEntry["change"]) =>
    entries.filter((e) => kinds.includes(e.kind) && (!change || e.change === change)).length;
  const parts: Array<[number, string, string]> = [
    [added.length, "node", "added"], [removed.length, "node", "removed"], [Object.keys(changesById).length, "node", "changed"],
    [count(["link"], "added"), "link", "added"], [count(["link"], "removed"), "link", "removed"],
    [count(["order", "group", "setting"]), "other change", ""],
  ];
  const summary = parts.filter(([n]) => n > 0).map(([n, noun, verb]) => `${plural(n, noun)}${verb ? ` ${verb}` : ""}`);
  return { doc, decorations, addedLinks, removedLinks, nodeChanges: changesById, entries, summary: summary.join(", ") || "no changes" };
}

/** The canvas edges in diff mode: added links marked, removed links drawn back in. */
export function diffEdges(edges: readonly FlowEdge[], view: Pick<VisualDiff, "addedLinks" | "removedLinks" | "doc">): FlowEdge[] {
  const mark = (diff: string) => ({ "data-diff": diff }) as FlowEdge["domAttributes"];
  const out = edges.map((e) =>
    view.addedLinks[e.id] ? { ...e, className: `${e.className ?? ""} diff-edge-added`.trim(), selectable: false, domAttributes: mark("added") } : e,
  );
  const ids = new Set(view.doc.nodes.map((n) => n.id));
  for (const l of view.removedLinks) {
    if (!ids.has(l.source) || !ids.has(l.target)) continue;
    out.push({
      id: l.id, source: l.source, target: l.target, sourceHandle: OUT_HANDLE, targetHandle: l.targetHandle,
      className: "diff-edge-removed", selectable: false, deletable: false, domAttributes: mark("removed"),
    });
  }
  return out;
}
