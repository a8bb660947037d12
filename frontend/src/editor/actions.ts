// Editor commands shared by the toolbar, keyboard shortcuts and panels.
import { copyPayload, parsePayload, pasteInto } from "../lib/clipboard";
import { geometryFor } from "./geometryFor";
import { groupFlowId, groupIdOf } from "../lib/flow";
import { groupNodes } from "../lib/groups";
import { elkLayout } from "../lib/layout";
import { moveNodes } from "../lib/doc";
import { useEditor } from "./store";

export const CLIPBOARD_STORAGE_KEY = "loom.clipboard";
export const OP_DRAG_TYPE = "application/x-loom-operator";

/** Last pointer position over the canvas, in flow coordinates (null when outside). */
export const pointer: { flow: { x: number; y: number } | null } = { flow: null };

/** Selected op node ids, members of selected groups included. */
export function selectedNodeIds(): string[] {
  const s = useEditor.getState();
  const groups = new Set([...s.selected].map(groupIdOf).filter((g): g is string => g !== null));
  return s.doc.nodes.filter((n) => s.selected.has(n.id) || (n.group && groups.has(n.group))).map((n) => n.id);
}

export function copySelection(): boolean {
  const payload = copyPayload(useEditor.getState().doc, selectedNodeIds());
  if (!payload) return false;
  const text = JSON.stringify(payload);
  try {
    localStorage.setItem(CLIPBOARD_STORAGE_KEY, text);
  } catch {
    // storage unavailable: the system clipboard below may still work
  }
  // Best effort: the system clipboard makes copies travel between tabs and graphs.
  navigator.clipboard?.writeText(text).catch(() => undefined);
  return true;
}

export async function pasteClipboard(): Promise<void> {
  let payload = null;
  try {
    payload = parsePayload(await navigator.clipboard?.readText());
  } catch {
    // permission refused or no clipboard API: fall back to our own copy
  }
  payload ??= parsePayload(localStorage.getItem(CLIPBOARD_STORAGE_KEY));
  const s = useEditor.getState();
  if (!payload || !s.canEdit) return;
  const { doc, ids } = pasteInto(s.doc, payload, pointer.flow ?? undefined);
  s.commit(doc);
  s.setSelection(ids);
}

export function cutSelection(): void {
  if (copySelection()) deleteSelection();
}

export function deleteSelection(): void {
  const s = useEditor.getState();
  if (s.canEdit && s.selected.size) s.deleteElements(s.selected);
}

export function selectAll(): void {
  const s = useEditor.getState();
  s.setSelection(s.doc.nodes.map((n) => n.id));
}

export function groupSelection(): void {
  const s = useEditor.getState();
  const ids = [...s.selected].filter((id) => !id.includes(":"));
  if (!s.canEdit || !ids.length) return;
  const { doc, groupId } = groupNodes(s.doc, ids);
  s.commit(doc);
  s.setSelection([groupFlowId(groupId)]);
  s.setRightTab("inspector");
}

export async function autoLayout(): Promise<void> {
  const s = useEditor.getState();
  if (!s.canEdit || !s.doc.nodes.length) return;
  const before = s.doc;
  const positions = await elkLayout(before, s.catalog);
  const now = useEditor.getState();
  // Apply to whatever the document is now; nodes added meanwhile keep their place.
  now.commit(moveNodes(now.doc, positions));
}

/** Centre the viewport on a node (expanding its group if collapsed) and select it. */
export function focusNode(id: string, setCenter: (x: number, y: number, opts: { zoom: number; duration: number }) => unknown, zoom: number): void {
  const s = useEditor.getState();
  const node = s.doc.nodes.find((n) => n.id === id);
  if (!node) return;
  if (node.group && s.collapsed.has(node.group)) s.toggleCollapsed(node.group, false);
  s.setSelection([id]);
  s.setRightTab("inspector");
  const g = geometryFor(node);
  const p = node.position ?? { x: 0, y: 0 };
  void setCenter(p.x + g.width / 2, p.y + g.height / 2, { zoom: Math.max(zoom, 0.9), duration: 300 });
}
