// Copy/paste of nodes, also between graphs: the payload is plain JSON text, so it can sit
// in localStorage and on the system clipboard alike.
import type { GraphDocument, GroupDoc, NodeDoc } from "../api/types";
import { addNodes, cleanNode, replaceRefs } from "./doc";
import { uniqueId } from "./ids";

export const CLIPBOARD_KIND = "loom/nodes";

export interface ClipboardPayload {
  kind: typeof CLIPBOARD_KIND;
  nodes: NodeDoc[];
  groups: GroupDoc[];
}

export function copyPayload(doc: GraphDocument, ids: Iterable<string>): ClipboardPayload | null {
  const wanted = new Set(ids);
  const nodes = doc.nodes.filter((n) => wanted.has(n.id));
  if (!nodes.length) return null;
  const used = new Set(nodes.map((n) => n.group).filter(Boolean));
  const groups = (doc.groups ?? []).filter((g) => used.has(g.id));
  return { kind: CLIPBOARD_KIND, nodes, groups };
}

export function parsePayload(text: string | null | undefined): ClipboardPayload | null {
  if (!text) return null;
  try {
    const data = JSON.parse(text) as Partial<ClipboardPayload>;
    if (data?.kind !== CLIPBOARD_KIND || !Array.isArray(data.nodes)) return null;
    const nodes = data.nodes.filter((n): n is NodeDoc => typeof n?.id === "string" && typeof n?.op === "string");
    return { kind: CLIPBOARD_KIND, nodes, groups: Array.isArray(data.groups) ? data.groups : [] };
  } catch {
    return null;
  }
}

export const PASTE_OFFSET = 40;

/**
 * Add copies of the payload's nodes: fresh ids (de-duplicated against the document),
 * links among the copies kept, links to nodes outside the copy dropped. With `at`, the
 * copies' top-left corner lands there; otherwise they sit a little below-right.
 */
export function pasteInto(doc: GraphDocument, payload: ClipboardPayload, at?: { x: number; y: number }): { doc: GraphDocument; ids: string[] } {
  const taken = new Set(doc.nodes.map((n) => n.id));
  const rename = new Map<string, string>();
  for (const n of payload.nodes) {
    const id = uniqueId(n.id, taken);
    taken.add(id);
    rename.set(n.id, id);
  }
  const xs = payload.nodes.map((n) => n.position?.x ?? 0);
  const ys = payload.nodes.map((n) => n.position?.y ?? 0);
  const dx = at ? at.x - Math.min(...xs) : PASTE_OFFSET;
  const dy = at ? at.y - Math.min(...ys) : PASTE_OFFSET;
  const docGroups = new Set((doc.groups ?? []).map((g) => g.id));
  const newGroups = payload.groups.filter((g) => !docGroups.has(g.id));
  const knownGroups = new Set([...docGroups, ...newGroups.map((g) => g.id)]);
  const nodes = payload.nodes.map((n) => {
    const moved: NodeDoc = {
      ...n,
      id: rename.get(n.id) as string,
      position: { x: Math.round((n.position?.x ?? 0) + dx), y: Math.round((n.position?.y ?? 0) + dy) },
      group: n.group && knownGroups.has(n.group) ? n.group : undefined,
    };
    return cleanNode(replaceRefs(moved, (ref) => rename.get(ref) ?? null));
  });
  return { doc: addNodes(doc, nodes, newGroups), ids: nodes.map((n) => n.id) };
}
