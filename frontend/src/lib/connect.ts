// Connection rules shared by the canvas (checked while dragging) and the document edits.
import type { GraphDocument, NodeDoc, OperatorEntry } from "../api/types";
import { cleanNode, dependencies, updateNode } from "./doc";

export type Catalog = Readonly<Record<string, OperatorEntry>>;

/** Handle ids on the canvas: one output, one per input port, one condition target. */
export const OUT_HANDLE = "out";
export const COND_HANDLE = "cond";
export const inHandle = (port: string) => `in:${port}`;
export const portOfHandle = (handle: string | null | undefined): string | null =>
  handle?.startsWith("in:") ? handle.slice(3) : null;

export interface ConnectionLike {
  source: string | null;
  target: string | null;
  sourceHandle?: string | null;
  targetHandle?: string | null;
}

/** "any" on either side fits everything; otherwise the type names must match. */
export function typesCompatible(output: string, input: string): boolean {
  const o = output.toLowerCase();
  const i = input.toLowerCase();
  return o === i || o === "any" || i === "any";
}

/**
 * Would a new dependency "target waits for source" close a cycle? It does when source
 * already (transitively) waits for target, or when they are the same node.
 */
export function wouldCreateCycle(doc: GraphDocument, source: string, target: string): boolean {
  if (source === target) return true;
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const seen = new Set<string>();
  const stack = [source];
  while (stack.length) {
    const id = stack.pop() as string;
    if (id === target) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = byId.get(id);
    if (node) stack.push(...dependencies(node));
  }
  return false;
}

export type ConnectionCheck = { ok: true } | { ok: false; reason: string };

export function checkConnection(doc: GraphDocument, catalog: Catalog, conn: ConnectionLike): ConnectionCheck {
  const { source, target } = conn;
  if (!source || !target) return { ok: false, reason: "incomplete connection" };
  const src = doc.nodes.find((n) => n.id === source);
  const dst = doc.nodes.find((n) => n.id === target);
  if (!src || !dst) return { ok: false, reason: "unknown node" };
  const outType = catalog[src.op]?.output.type ?? "any";
  if (conn.targetHandle === COND_HANDLE) {
    if (outType.toLowerCase() !== "bool") return { ok: false, reason: "a condition needs a bool output" };
  } else {
    const port = portOfHandle(conn.targetHandle);
    if (!port) return { ok: false, reason: "not an input port" };
    const spec = catalog[dst.op]?.inputs.find((p) => p.name === port);
    if (spec && !typesCompatible(outType, spec.type)) {
      return { ok: false, reason: `${outType} does not fit ${port} (${spec.type})` };
    }
    if (spec?.multiple && dst.inputs?.[port]?.includes(source)) {
      return { ok: false, reason: "already connected" };
    }
  }
  if (wouldCreateCycle(doc, source, target)) return { ok: false, reason: "would create a cycle" };
  return { ok: true };
}

/**
 * Apply a connection: a multi-source port appends, a single-valued port (or a port the
 * catalog does not know) is replaced, a condition handle sets `when` (keeping an existing
 * `unless` choice as the kind).
 */
export function connect(doc: GraphDocument, catalog: Catalog, conn: ConnectionLike): GraphDocument {
  if (!checkConnection(doc, catalog, conn).ok) return doc;
  const source = conn.source as string;
  const target = doc.nodes.find((n) => n.id === conn.target) as NodeDoc;
  if (conn.targetHandle === COND_HANDLE) {
    return target.unless
      ? updateNode(doc, target.id, { unless: source, when: undefined })
      : updateNode(doc, target.id, { when: source, unless: undefined });
  }
  const port = portOfHandle(conn.targetHandle) as string;
  const multiple = catalog[target.op]?.inputs.find((p) => p.name === port)?.multiple ?? false;
  const current = target.inputs?.[port] ?? [];
  const ids = multiple ? [...current, source] : [source];
  return updateNode(doc, target.id, { inputs: { ...(target.inputs ?? {}), [port]: ids } });
}

// Edge ids encode what they stand for so a removed edge maps back to the document:
// "d:<target>:<port>:<source>" for data, "c:<target>:<when|unless>:<source>" for conditions.
export type EdgeRef =
  | { kind: "data"; target: string; port: string; source: string }
  | { kind: "cond"; target: string; cond: "when" | "unless"; source: string };

export const dataEdgeId = (target: string, port: string, source: string) => `d:${target}:${port}:${source}`;
export const condEdgeId = (target: string, cond: "when" | "unless", source: string) => `c:${target}:${cond}:${source}`;

export function parseEdgeId(id: string): EdgeRef | null {
  const [kind, target, middle, rest] = id.split(":");
  if (!target || !middle || !rest) return null;
  const source = rest.split("#")[0] as string;
  if (kind === "d") return { kind: "data", target, port: middle, source };
  if (kind === "c" && (middle === "when" || middle === "unless")) return { kind: "cond", target, cond: middle, source };
  return null;
}

export function disconnect(doc: GraphDocument, edgeIds: Iterable<string>): GraphDocument {
  let next = doc;
  for (const id of edgeIds) {
    const ref = parseEdgeId(id);
    if (!ref) continue;
    const node = next.nodes.find((n) => n.id === ref.target);
    if (!node) continue;
    if (ref.kind === "cond") {
      if (node[ref.cond] === ref.source) next = updateNode(next, node.id, { [ref.cond]: undefined });
      continue;
    }
    const ids = node.inputs?.[ref.port];
    if (!ids?.includes(ref.source)) continue;
    const inputs = { ...node.inputs, [ref.port]: ids.filter((s) => s !== ref.source) };
    next = { ...next, nodes: next.nodes.map((n) => (n === node ? cleanNode({ ...n, inputs }) : n)) };
  }
  return next;
}
