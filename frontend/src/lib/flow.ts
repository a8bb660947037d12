// Document -> React Flow view model. Pure: the store's document stays the source of truth.
// A cache carried between calls hands back the same node/edge objects when nothing that
// feeds them changed, so React Flow re-renders only what moved (1,000-node graphs).
import { Position, type Edge, type Node, type NodeHandle } from "@xyflow/react";
import type { GraphDocument, GroupDoc, NodeDoc, OperatorEntry, Problem } from "../api/types";
import { COND_HANDLE, condEdgeId, dataEdgeId, inHandle, OUT_HANDLE, type Catalog } from "./connect";
import { COND_HANDLE_X, HANDLE_SIZE, nodeGeometry, portCenterY, type NodeGeometry } from "./geometry";

/** Painted on a node by other panels (test run, version diff). */
export interface NodeDecoration {
  status?: string;
  durationUs?: number | null;
  diff?: "added" | "removed" | "changed";
  note?: string;
}

export type OpNodeData = {
  node: NodeDoc;
  entry: OperatorEntry | undefined;
  geom: NodeGeometry;
  problems: readonly Problem[];
  decoration: NodeDecoration | undefined;
  groupLabel: string | undefined;
};

export type GroupNodeData = {
  group: GroupDoc;
  collapsed: boolean;
  members: number;
  problems: number;
};

export type OpFlowNode = Node<OpNodeData, "op">;
export type GroupFlowNode = Node<GroupNodeData, "loomGroup">;
export type FlowNode = OpFlowNode | GroupFlowNode;
export type FlowEdge = Edge;

export const GROUP_PREFIX = "group:";
export const groupFlowId = (gid: string) => `${GROUP_PREFIX}${gid}`;
export const groupIdOf = (flowId: string) => (flowId.startsWith(GROUP_PREFIX) ? flowId.slice(GROUP_PREFIX.length) : null);

export const GROUP_PAD = 20;
export const GROUP_HEADER = 26;
export const COLLAPSED_W = 220;
export const COLLAPSED_H = 60;
const NO_PROBLEMS: readonly Problem[] = Object.freeze([]);

export interface FlowInput {
  doc: GraphDocument;
  catalog: Catalog;
  /** Selected React Flow ids (node ids, "group:<id>", edge ids). */
  selected: ReadonlySet<string>;
  problemsByNode: Readonly<Record<string, readonly Problem[]>>;
  decorations: Readonly<Record<string, NodeDecoration>>;
  collapsed: ReadonlySet<string>;
}

interface CachedNode {
  deps: unknown[];
  node: OpFlowNode;
}

export interface FlowCache {
  nodes: Map<string, CachedNode>;
  edges: Map<string, { key: string; edge: FlowEdge }>;
  groups: Map<string, { key: string; node: GroupFlowNode }>;
}

export const emptyFlowCache = (): FlowCache => ({ nodes: new Map(), edges: new Map(), groups: new Map() });

export function handlesFor(geom: NodeGeometry): NodeHandle[] {
  const h = HANDLE_SIZE;
  const handles: NodeHandle[] = geom.ports.map((p, i) => ({
    id: inHandle(p.name), type: "target", position: Position.Left,
    x: -h / 2, y: portCenterY(geom, i) - h / 2, width: h, height: h,
  }));
  handles.push({ id: COND_HANDLE, type: "target", position: Position.Top, x: COND_HANDLE_X - h / 2, y: -h / 2, width: h, height: h });
  handles.push({ id: OUT_HANDLE, type: "source", position: Position.Right, x: geom.width - h / 2, y: portCenterY(geom, 0) - h / 2, width: h, height: h });
  return handles;
}

const sameDeps = (a: unknown[], b: unknown[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function opNode(n: NodeDoc, input: FlowInput, groupLabel: string | undefined, hidden: boolean, cache: FlowCache, next: Map<string, CachedNode>): OpFlowNode {
  const entry = input.catalog[n.op];
  const problems = input.problemsByNode[n.id] ?? NO_PROBLEMS;
  const decoration = input.decorations[n.id];
  const selected = input.selected.has(n.id);
  const deps = [n, entry, problems, decoration, selected, hidden, groupLabel];
  const hit = cache.nodes.get(n.id);
  if (hit && sameDeps(hit.deps, deps)) {
    next.set(n.id, hit);
    return hit.node;
  }
  const geom = nodeGeometry(n, entry);
  const node: OpFlowNode = {
    id: n.id,
    type: "op",
    position: n.position ?? { x: 0, y: 0 },
    data: { node: n, entry, geom, problems, decoration, groupLabel },
    width: geom.width,
    height: geom.height,
    measured: { width: geom.width, height: geom.height },
    handles: handlesFor(geom),
    selected,
    hidden,
  };
  // Run status and diff kind on React Flow's node element too, where tests look first.
  if (decoration?.status || decoration?.diff) {
    node.domAttributes = { "data-status": decoration.status, "data-diff": decoration.diff } as OpFlowNode["domAttributes"];
  }
  next.set(n.id, { deps, node });
  return node;
}

interface Box { x: number; y: number; w: number; h: number }

function groupNodes(input: FlowInput, opNodes: Map<string, OpFlowNode>, cache: FlowCache, next: FlowCache["groups"]): GroupFlowNode[] {
  const out: GroupFlowNode[] = [];
  for (const group of input.doc.groups ?? []) {
    const members = input.doc.nodes.filter((n) => n.group === group.id);
    if (!members.length) continue;
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    let problems = 0;
    for (const m of members) {
      const fn = opNodes.get(m.id);
      if (!fn) continue;
      minX = Math.min(minX, fn.position.x);
      minY = Math.min(minY, fn.position.y);
      maxX = Math.max(maxX, fn.position.x + (fn.width ?? 0));
      maxY = Math.max(maxY, fn.position.y + (fn.height ?? 0));
      problems += fn.data.problems.length;
    }
    const collapsed = input.collapsed.has(group.id);
    const box: Box = collapsed
      ? { x: minX, y: minY, w: COLLAPSED_W, h: COLLAPSED_H }
      : { x: minX - GROUP_PAD, y: minY - GROUP_PAD - GROUP_HEADER, w: maxX - minX + 2 * GROUP_PAD, h: maxY - minY + 2 * GROUP_PAD + GROUP_HEADER };
    const id = groupFlowId(group.id);
    const selected = input.selected.has(id);
    const key = JSON.stringify([box, selected, collapsed, members.length, problems]);
    const hit = cache.groups.get(id);
    if (hit && hit.key === key && hit.node.data.group === group) {
      next.set(id, hit);
      out.push(hit.node);
      continue;
    }
    const h = HANDLE_SIZE;
    const node: GroupFlowNode = {
      id,
      type: "loomGroup",
      position: { x: box.x, y: box.y },
      data: { group, collapsed, members: members.length, problems },
      width: box.w,
      height: box.h,
      measured: { width: box.w, height: box.h },
      // Only a collapsed box stands in for its members' links.
      handles: collapsed
        ? [
            { id: "in", type: "target", position: Position.Left, x: -h / 2, y: box.h / 2 - h / 2, width: h, height: h },
            { id: OUT_HANDLE, type: "source", position: Position.Right, x: box.w - h / 2, y: box.h / 2 - h / 2, width: h, height: h },
          ]
        : [],
      selected,
      // Expanded: behind its members. Collapsed: above nodes it may overlap.
      zIndex: collapsed ? 1 : -1,
      dragHandle: ".group-box-header",
      connectable: false,
      // The box sits over edges inside it; only its header takes the pointer.
      style: collapsed ? undefined : { pointerEvents: "none" },
    };
    next.set(id, { key, node });
    out.push(node);
  }
  return out;
}

function edge(cache: FlowCache, next: FlowCache["edges"], e: FlowEdge): FlowEdge {
  const key = JSON.stringify([e.source, e.target, e.sourceHandle, e.targetHandle, e.selected, e.label, e.className, e.selectable]);
  const hit = cache.edges.get(e.id);
  if (hit && hit.key === key) {
    next.set(e.id, hit);
    return hit.edge;
  }
  next.set(e.id, { key, edge: e });
  return e;
}

function flowEdges(input: FlowInput, hiddenIn: Map<string, string>, cache: FlowCache, next: FlowCache["edges"]): FlowEdge[] {
  const out: FlowEdge[] = [];
  const ids = new Set(input.doc.nodes.map((n) => n.id));
  const rerouted = new Set<string>();
  const add = (id: string, source: string, target: string, targetHandle: string, extra: Partial<FlowEdge>) => {
    if (!ids.has(source)) return; // dangling: the problems panel reports it
    const gs = hiddenIn.get(source);
    const gt = hiddenIn.get(target);
    if (gs || gt) {
      if (gs && gs === gt) return;
      const s = gs ? groupFlowId(gs) : source;
      const t = gt ? groupFlowId(gt) : target;
      const rid = `r:${s}>${t}`;
      if (rerouted.has(rid)) return;
      rerouted.add(rid);
      out.push(edge(cache, next, {
        id: rid, source: s, target: t, sourceHandle: OUT_HANDLE, targetHandle: gt ? "in" : targetHandle,
        className: "edge-rerouted", selectable: false, deletable: false,
      }));
      return;
    }
    out.push(edge(cache, next, { id, source, target, sourceHandle: OUT_HANDLE, targetHandle, selected: input.selected.has(id), ...extra }));
  };
  for (const n of input.doc.nodes) {
    for (const [port, sources] of Object.entries(n.inputs ?? {})) {
      const seen = new Map<string, number>();
      sources.forEach((s, i) => {
        const dup = seen.get(s) ?? 0;
        seen.set(s, dup + 1);
        const id = dataEdgeId(n.id, port, s) + (dup ? `#${dup}` : "");
        const label = sources.length > 1 ? String(i + 1) : undefined;
        add(id, s, n.id, inHandle(port), { className: "edge-data", label });
      });
    }
    for (const cond of ["when", "unless"] as const) {
      const s = n[cond];
      if (s) add(condEdgeId(n.id, cond, s), s, n.id, COND_HANDLE, { className: `edge-cond edge-${cond}`, label: cond });
    }
  }
  return out;
}

/** The React Flow nodes (group boxes first, so they sit behind) and edges for a document. */
export function buildFlow(input: FlowInput, cache: FlowCache = emptyFlowCache()): { nodes: FlowNode[]; edges: FlowEdge[]; cache: FlowCache } {
  const next = emptyFlowCache();
  const labels = new Map((input.doc.groups ?? []).map((g) => [g.id, g.label || g.id]));
  const hiddenIn = new Map<string, string>();
  const ops = new Map<string, OpFlowNode>();
  for (const n of input.doc.nodes) {
    const hidden = !!n.group && input.collapsed.has(n.group) && labels.has(n.group);
    if (hidden) hiddenIn.set(n.id, n.group as string);
    ops.set(n.id, opNode(n, input, n.group ? labels.get(n.group) : undefined, hidden, cache, next.nodes));
  }
  const groups = groupNodes(input, ops, cache, next.groups);
  const edges = flowEdges(input, hiddenIn, cache, next.edges);
  return { nodes: [...groups, ...ops.values()], edges, cache: next };
}

export interface PositionChangeLike {
  id: string;
  position?: { x: number; y: number } | undefined;
}

/**
 * Document positions from React Flow drag changes. Dragging a group box moves its members
 * by the same delta (unless a member is being dragged along with it already).
 */
export function positionsFromChanges(
  doc: GraphDocument,
  changes: readonly PositionChangeLike[],
  current: ReadonlyMap<string, FlowNode>,
): Record<string, { x: number; y: number }> {
  const out: Record<string, { x: number; y: number }> = {};
  const moved = new Set(changes.filter((c) => c.position).map((c) => c.id));
  for (const c of changes) {
    if (!c.position) continue;
    const gid = groupIdOf(c.id);
    if (gid === null) {
      out[c.id] = c.position;
      continue;
    }
    const box = current.get(c.id);
    if (!box) continue;
    const dx = c.position.x - box.position.x;
    const dy = c.position.y - box.position.y;
    if (!dx && !dy) continue;
    for (const n of doc.nodes) {
      if (n.group !== gid || moved.has(n.id)) continue;
      const p = n.position ?? { x: 0, y: 0 };
      out[n.id] = { x: p.x + dx, y: p.y + dy };
    }
  }
  return out;
}
