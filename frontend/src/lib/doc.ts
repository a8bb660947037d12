// Pure, immutable operations on a graph document (DESIGN §2). Every function returns a
// new document and keeps the objects of untouched nodes, so views can reuse their work.
import type { GraphDocument, GraphSettings, GroupDoc, NodeDoc } from "../api/types";

export type NodePatch = { [K in keyof NodeDoc]?: NodeDoc[K] | undefined };

/** Data sources (port order) then condition nodes: everything a node waits for. */
export function dependencies(node: NodeDoc): string[] {
  const deps: string[] = [];
  for (const ids of Object.values(node.inputs ?? {})) deps.push(...ids);
  if (node.when) deps.push(node.when);
  if (node.unless) deps.push(node.unless);
  return deps;
}

export function nodeIdSet(doc: GraphDocument): Set<string> {
  return new Set(doc.nodes.map((n) => n.id));
}

export function findNode(doc: GraphDocument, id: string): NodeDoc | undefined {
  return doc.nodes.find((n) => n.id === id);
}

/**
 * Drop keys that carry no meaning (undefined, empty params/inputs/ports, optional=false),
 * so the document stays minimal and never holds a key the server would refuse.
 */
export function cleanNode(node: NodeDoc): NodeDoc {
  const out: NodeDoc = { id: node.id, op: node.op };
  if (node.params) {
    const params = stripUndefined(node.params);
    if (Object.keys(params).length) out.params = params;
  }
  if (node.inputs) {
    const inputs: Record<string, string[]> = {};
    for (const [port, ids] of Object.entries(node.inputs)) if (ids.length) inputs[port] = ids;
    if (Object.keys(inputs).length) out.inputs = inputs;
  }
  if (node.group) out.group = node.group;
  if (node.when) out.when = node.when;
  if (node.unless) out.unless = node.unless;
  if (node.optional) out.optional = true;
  if (node.timeout_ms !== undefined && node.timeout_ms !== null) out.timeout_ms = node.timeout_ms;
  if (node.position) out.position = { x: node.position.x, y: node.position.y };
  return out;
}

export function stripUndefined<T extends Record<string, unknown>>(obj: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = v;
  return out as T;
}

export function updateNode(doc: GraphDocument, id: string, patch: NodePatch): GraphDocument {
  let hit = false;
  const nodes = doc.nodes.map((n) => {
    if (n.id !== id) return n;
    hit = true;
    return cleanNode({ ...n, ...patch } as NodeDoc);
  });
  return hit ? { ...doc, nodes } : doc;
}

/** Apply a per-node function; nodes it returns unchanged keep their identity. */
export function mapNodes(doc: GraphDocument, fn: (n: NodeDoc) => NodeDoc): GraphDocument {
  let changed = false;
  const nodes = doc.nodes.map((n) => {
    const next = fn(n);
    if (next !== n) changed = true;
    return next;
  });
  return changed ? { ...doc, nodes } : doc;
}

export function addNodes(doc: GraphDocument, nodes: NodeDoc[], groups: GroupDoc[] = []): GraphDocument {
  const next: GraphDocument = { ...doc, nodes: [...doc.nodes, ...nodes.map(cleanNode)] };
  if (groups.length) next.groups = [...(doc.groups ?? []), ...groups];
  return next;
}

/** Remove nodes and every reference to them (inputs, conditions, settings.output). */
export function removeNodes(doc: GraphDocument, ids: Iterable<string>): GraphDocument {
  const gone = new Set(ids);
  if (!gone.size) return doc;
  const kept = doc.nodes.filter((n) => !gone.has(n.id));
  let next: GraphDocument = { ...doc, nodes: kept };
  next = mapNodes(next, (n) => replaceRefs(n, (ref) => (gone.has(ref) ? null : ref)));
  if (doc.settings?.output && gone.has(doc.settings.output)) {
    next = { ...next, settings: stripUndefined({ ...doc.settings, output: undefined }) };
  }
  return next;
}

/** Rewrite the ids a node refers to; `map` returns null to drop a reference. */
export function replaceRefs(node: NodeDoc, map: (ref: string) => string | null): NodeDoc {
  let changed = false;
  let inputs = node.inputs;
  if (inputs) {
    const nextInputs: Record<string, string[]> = {};
    for (const [port, ids] of Object.entries(inputs)) {
      const mapped = ids.map(map).filter((x): x is string => x !== null);
      if (mapped.length !== ids.length || mapped.some((x, i) => x !== ids[i])) changed = true;
      nextInputs[port] = mapped;
    }
    inputs = nextInputs;
  }
  const when = node.when ? map(node.when) ?? undefined : undefined;
  const unless = node.unless ? map(node.unless) ?? undefined : undefined;
  if (when !== node.when || unless !== node.unless) changed = true;
  if (!changed) return node;
  return cleanNode({ ...node, inputs, when, unless });
}

export function renameNode(doc: GraphDocument, from: string, to: string): GraphDocument {
  if (from === to) return doc;
  let next = mapNodes(doc, (n) => {
    const renamed = n.id === from ? { ...n, id: to } : n;
    return replaceRefs(renamed, (ref) => (ref === from ? to : ref));
  });
  if (doc.settings?.output === from) next = { ...next, settings: { ...doc.settings, output: to } };
  return next;
}

export type SettingsPatch = { [K in keyof GraphSettings]?: GraphSettings[K] | undefined };

export function setSettings(doc: GraphDocument, patch: SettingsPatch): GraphDocument {
  const settings: GraphSettings = stripUndefined({ ...(doc.settings ?? {}), ...patch });
  const next: GraphDocument = { ...doc, settings };
  if (!Object.keys(settings).length) delete next.settings;
  return next;
}

/** Positions written back from the canvas (rounded: the layout needs no sub-pixels). */
export function moveNodes(doc: GraphDocument, positions: Record<string, { x: number; y: number }>): GraphDocument {
  return mapNodes(doc, (n) => {
    const p = positions[n.id];
    if (!p) return n;
    const x = Math.round(p.x);
    const y = Math.round(p.y);
    if (n.position && n.position.x === x && n.position.y === y) return n;
    return { ...n, position: { x, y } };
  });
}
