// An audit entry's details in readable lines. Graph writes carry a structured graph diff
// (graphengine/diff.py: nodes, edges, params, groups, settings added / removed / changed);
// saves of layers, experiments and buckets carry {field: {old, new}}; anything else is
// shown as key and value.
import { formatValue } from "../panels/format";

export type Change = "added" | "removed" | "changed";

export interface DiffLine {
  section: "nodes" | "edges" | "params" | "groups" | "settings" | "description";
  change: Change;
  text: string;
  /** old → new of each changed field (changed nodes and groups). */
  fields: Array<{ field: string; old: string; new: string }>;
}

export interface FieldChange {
  field: string;
  old: string;
  new: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === "string" ? v : formatValue(v));

/** A graph diff has these sections (the summary alone is not enough: other details have one). */
export function isGraphDiff(details: Obj): boolean {
  return isObj(details.nodes) && isObj(details.edges) && isObj(details.params);
}

function edgeText(e: Obj): string {
  const to = "port" in e ? `${str(e.target)}.${str(e.port)}` : `${str(e.target)} (${str(e.kind)})`;
  return `${str(e.source)} → ${to}`;
}

function fieldsOf(changes: unknown): DiffLine["fields"] {
  return list(changes).filter(isObj).map((c) => ({ field: str(c.field), old: formatValue(c.old), new: formatValue(c.new) }));
}

export function graphDiffLines(diff: Obj): DiffLine[] {
  const out: DiffLine[] = [];
  const section = (name: string): Obj => (isObj(diff[name]) ? diff[name] : {});
  const nodes = section("nodes");
  for (const id of list(nodes.added)) out.push({ section: "nodes", change: "added", text: `node ${str(id)}`, fields: [] });
  for (const id of list(nodes.removed)) out.push({ section: "nodes", change: "removed", text: `node ${str(id)}`, fields: [] });
  for (const n of list(nodes.changed).filter(isObj)) {
    // Param changes get lines of their own below; here only the node's other fields.
    const fields = fieldsOf(n.changes).filter((f) => !f.field.startsWith("params."));
    if (fields.length) out.push({ section: "nodes", change: "changed", text: `node ${str(n.id)}`, fields });
  }
  const edges = section("edges");
  for (const e of list(edges.added).filter(isObj)) out.push({ section: "edges", change: "added", text: `link ${edgeText(e)}`, fields: [] });
  for (const e of list(edges.removed).filter(isObj)) out.push({ section: "edges", change: "removed", text: `link ${edgeText(e)}`, fields: [] });
  for (const e of list(edges.reordered).filter(isObj)) {
    out.push({ section: "edges", change: "changed", text: `inputs of ${str(e.target)}.${str(e.port)} reordered`, fields: [{ field: "order", old: list(e.old).map(str).join(", "), new: list(e.new).map(str).join(", ") }] });
  }
  const params = section("params");
  for (const p of list(params.added).filter(isObj)) out.push({ section: "params", change: "added", text: `${str(p.node)}.${str(p.param)} = ${formatValue(p.value)}`, fields: [] });
  for (const p of list(params.removed).filter(isObj)) out.push({ section: "params", change: "removed", text: `${str(p.node)}.${str(p.param)} (was ${formatValue(p.value)})`, fields: [] });
  for (const p of list(params.changed).filter(isObj)) out.push({ section: "params", change: "changed", text: `${str(p.node)}.${str(p.param)}`, fields: [{ field: "value", old: formatValue(p.old), new: formatValue(p.new) }] });
  const groups = section("groups");
  for (const id of list(groups.added)) out.push({ section: "groups", change: "added", text: `group ${str(id)}`, fields: [] });
  for (const id of list(groups.removed)) out.push({ section: "groups", change: "removed", text: `group ${str(id)}`, fields: [] });
  for (const g of list(groups.changed).filter(isObj)) out.push({ section: "groups", change: "changed", text: `group ${str(g.id)}`, fields: fieldsOf(g.changes) });
  for (const s of list(section("settings").changed).filter(isObj)) out.push({ section: "settings", change: "changed", text: `setting ${str(s.field)}`, fields: [{ field: str(s.field), old: formatValue(s.old), new: formatValue(s.new) }] });
  if (isObj(diff.description)) out.push({ section: "description", change: "changed", text: "description", fields: [{ field: "description", old: formatValue(diff.description.old), new: formatValue(diff.description.new) }] });
  return out;
}

/** {field: {old, new}} details (saves, status and production changes), or null if not that shape. */
export function fieldChanges(details: Obj): FieldChange[] | null {
  const entries = Object.entries(details);
  if (!entries.length || !entries.every(([, v]) => isObj(v) && "old" in v && "new" in v)) return null;
  return entries.map(([field, v]) => {
    const c = v as Obj;
    return { field, old: c.old === null && field !== "status" ? "—" : formatValue(c.old, 200), new: formatValue(c.new, 200) };
  });
}

// In overrides (the one dict field saved today) null unsets the key.
const dictValue = (v: unknown): string => (v === null ? "unset" : formatValue(v));

/** For overrides and other dicts: which keys an {old, new} pair of objects added, removed, changed. */
export function dictChanges(old: unknown, next: unknown): Array<{ key: string; change: Change; old: string; new: string }> | null {
  if (!isObj(next) || (old !== null && !isObj(old))) return null;
  const before = isObj(old) ? old : {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(next)])].sort();
  return keys.flatMap((key) => {
    const inOld = key in before;
    const inNew = key in next;
    if (inOld && inNew && JSON.stringify(before[key]) === JSON.stringify(next[key])) return [];
    const change: Change = !inOld ? "added" : !inNew ? "removed" : "changed";
    return [{ key, change, old: inOld ? dictValue(before[key]) : "", new: inNew ? dictValue(next[key]) : "" }];
  });
}
