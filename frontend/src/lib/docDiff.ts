// What changed between two documents, node by node, for the save-conflict dialog (and
// later for version diff highlighting).
import type { GraphDocument, NodeDoc } from "../api/types";

export interface NodeChangeSummary {
  id: string;
  /** Changed fields: "op", "params.limit", "inputs.sources", "when", "group", ... */
  fields: string[];
}

export interface DocDiff {
  added: string[];
  removed: string[];
  changed: NodeChangeSummary[];
  /** Nodes whose only change is their position. */
  moved: string[];
  /** "name", "settings.timeout_ms", "groups.recall", ... */
  graphFields: string[];
}

export function isEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => isEqual(x, b[i]));
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const k of keys) if (!isEqual(ra[k], rb[k])) return false;
  return true;
}

const SCALAR_FIELDS = ["op", "group", "when", "unless", "optional", "timeout_ms"] as const;

function keyedDiff(prefix: string, a: Record<string, unknown> = {}, b: Record<string, unknown> = {}): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((k) => !isEqual(a[k], b[k])).map((k) => `${prefix}.${k}`);
}

export function nodeFieldDiff(a: NodeDoc, b: NodeDoc): string[] {
  const fields: string[] = SCALAR_FIELDS.filter((f) => !isEqual(a[f], b[f]));
  fields.push(...keyedDiff("params", a.params, b.params));
  fields.push(...keyedDiff("inputs", a.inputs, b.inputs));
  return fields;
}

export function docDiff(base: GraphDocument, other: GraphDocument): DocDiff {
  const before = new Map(base.nodes.map((n) => [n.id, n]));
  const after = new Map(other.nodes.map((n) => [n.id, n]));
  const diff: DocDiff = { added: [], removed: [], changed: [], moved: [], graphFields: [] };
  for (const id of after.keys()) if (!before.has(id)) diff.added.push(id);
  for (const [id, a] of before) {
    const b = after.get(id);
    if (!b) {
      diff.removed.push(id);
      continue;
    }
    if (a === b) continue;
    const fields = nodeFieldDiff(a, b);
    if (fields.length) diff.changed.push({ id, fields });
    else if (!isEqual(a.position, b.position)) diff.moved.push(id);
  }
  if (base.name !== other.name) diff.graphFields.push("name");
  diff.graphFields.push(...keyedDiff("settings", { ...base.settings }, { ...other.settings }));
  const groups = (d: GraphDocument) => Object.fromEntries((d.groups ?? []).map((g) => [g.id, g]));
  diff.graphFields.push(...keyedDiff("groups", groups(base), groups(other)));
  return diff;
}

export const diffIsEmpty = (d: DocDiff) =>
  !d.added.length && !d.removed.length && !d.changed.length && !d.moved.length && !d.graphFields.length;

/** One line per kind of change, for dialogs and tooltips. */
export function summarizeDiff(d: DocDiff): string[] {
  const lines: string[] = [];
  if (d.added.length) lines.push(`added: ${d.added.join(", ")}`);
  if (d.removed.length) lines.push(`removed: ${d.removed.join(", ")}`);
  for (const c of d.changed) lines.push(`changed ${c.id}: ${c.fields.join(", ")}`);
  if (d.moved.length) lines.push(`moved: ${d.moved.join(", ")}`);
  if (d.graphFields.length) lines.push(`graph: ${d.graphFields.join(", ")}`);
  return lines;
}
