// Group edits: a group is a document entry plus `group` on its member nodes.
import type { GraphDocument, GroupDoc } from "../api/types";
import { mapNodes, stripUndefined } from "./doc";
import { uniqueId } from "./ids";

export type GroupPatch = { [K in keyof GroupDoc]?: GroupDoc[K] | undefined };

export function groupNodes(doc: GraphDocument, ids: Iterable<string>, label?: string): { doc: GraphDocument; groupId: string } {
  const members = new Set(ids);
  const taken = new Set([...(doc.groups ?? []).map((g) => g.id)]);
  const groupId = uniqueId("group", taken);
  const group: GroupDoc = { id: groupId, label: label ?? `Group ${taken.size + 1}` };
  const next = mapNodes({ ...doc, groups: [...(doc.groups ?? []), group] }, (n) =>
    members.has(n.id) ? { ...n, group: groupId } : n,
  );
  return { doc: next, groupId };
}

/** Remove groups; their members stay, without a group. */
export function ungroup(doc: GraphDocument, gids: Iterable<string>): GraphDocument {
  const gone = new Set(gids);
  if (!gone.size) return doc;
  const groups = (doc.groups ?? []).filter((g) => !gone.has(g.id));
  const next = mapNodes(doc, (n) => {
    if (!n.group || !gone.has(n.group)) return n;
    const copy = { ...n };
    delete copy.group;
    return copy;
  });
  const out: GraphDocument = { ...next, groups };
  if (!groups.length) delete out.groups;
  return out;
}

export function updateGroup(doc: GraphDocument, gid: string, patch: GroupPatch): GraphDocument {
  const newId = patch.id && patch.id !== gid ? patch.id : null;
  const groups = (doc.groups ?? []).map((g) => (g.id === gid ? (stripUndefined({ ...g, ...patch }) as GroupDoc) : g));
  const next: GraphDocument = { ...doc, groups };
  if (!newId) return next;
  return mapNodes(next, (n) => (n.group === gid ? { ...n, group: newId } : n));
}
