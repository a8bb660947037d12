// The editor's single store. The graph document is the source of truth; React Flow nodes
// and edges are derived from it (lib/flow.ts). Every document edit goes through `commit`,
// which records undo history.
import { create } from "zustand";
import type { GraphDocument, GraphResource, OperatorEntry, Problem } from "../api/types";
import { catalogIndex } from "../lib/catalog";
import { checkConnection, connect, disconnect, type Catalog, type ConnectionLike } from "../lib/connect";
import { addNodes, moveNodes, removeNodes } from "../lib/doc";
import { docDiff, type DocDiff } from "../lib/docDiff";
import { groupIdOf, type NodeDecoration } from "../lib/flow";
import { ungroup } from "../lib/groups";
import { initHistory, push, redo, undo, type History } from "../lib/history";
import { idStemForOp, uniqueId } from "../lib/ids";
import { fillPositions } from "../lib/layout";
import { problemsByNode } from "../lib/problems";
import type { DiffView } from "../panels/visualDiff";

export interface Conflict {
  current: GraphResource;
  /** Server's changes since the revision we edited. */
  theirs: DocDiff;
  /** Our unsaved changes since that same revision. */
  mine: DocDiff;
}

export type SaveStatus = "saved" | "dirty" | "saving";

const EMPTY_DOC: GraphDocument = { schema: 1, name: "", nodes: [] };

export interface EditorState {
  graphId: number | null;
  resource: GraphResource | null;
  etag: string | null;
  /** The server document our edits started from (the base of a conflict diff). */
  baseDoc: GraphDocument;
  /** Identity of the last saved document: `doc !== savedDoc` means unsaved changes. */
  savedDoc: GraphDocument;
  description: string;
  savedDescription: string;
  history: History<GraphDocument>;
  doc: GraphDocument;
  catalog: Catalog;
  catalogList: OperatorEntry[];
  /** Selected React Flow ids: node ids, "group:<id>" and edge ids. */
  selected: ReadonlySet<string>;
  problems: Problem[];
  problemsByNode: Record<string, Problem[]>;
  validating: boolean;
  /** Painted on canvas nodes by other panels (test run statuses, version diff). */
  nodeDecorations: Record<string, NodeDecoration>;
  /** Version diff mode: the canvas shows this document, read-only; `doc` stays untouched. */
  diffView: DiffView | null;
  /** What diff mode set aside (selection, edit right), given back by exitDiff. */
  beforeDiff: { selected: ReadonlySet<string>; canEdit: boolean } | null;
  collapsed: ReadonlySet<string>;
  saving: boolean;
  saveError: string | null;
  conflict: Conflict | null;
  canEdit: boolean;
  rightTab: string;
  bottomTab: string;
  helpOpen: boolean;
}

export interface EditorActions {
  reset(): void;
  setCatalog(entries: OperatorEntry[]): void;
  load(resource: GraphResource, etag: string | null): void;
  commit(doc: GraphDocument, coalesceKey?: string | null): void;
  mutate(fn: (doc: GraphDocument) => GraphDocument, coalesceKey?: string | null): void;
  undo(): void;
  redo(): void;
  setSelection(ids: Iterable<string>): void;
  applySelection(changes: ReadonlyArray<{ id: string; selected: boolean }>): void;
  addOperator(op: string, position: { x: number; y: number }): string | null;
  connect(conn: ConnectionLike): void;
  deleteElements(ids: Iterable<string>): void;
  moveNodes(positions: Record<string, { x: number; y: number }>, coalesceKey: string): void;
  setDescription(text: string): void;
  setProblems(problems: Problem[]): void;
  setValidating(on: boolean): void;
  setDecorations(decorations: Record<string, NodeDecoration>): void;
  enterDiff(view: DiffView): void;
  exitDiff(): void;
  toggleCollapsed(gid: string, collapsed?: boolean): void;
  saveStarted(): void;
  saveSucceeded(resource: GraphResource, etag: string | null, sentDoc: GraphDocument, sentDescription: string): void;
  saveFailed(message: string): void;
  setConflict(current: GraphResource | null): void;
  setCanEdit(canEdit: boolean): void;
  setRightTab(tab: string): void;
  setBottomTab(tab: string): void;
  setHelpOpen(open: boolean): void;
}

export type EditorStore = EditorState & EditorActions;

const initial = (): EditorState => ({
  graphId: null, resource: null, etag: null, baseDoc: EMPTY_DOC, savedDoc: EMPTY_DOC,
  description: "", savedDescription: "", history: initHistory(EMPTY_DOC), doc: EMPTY_DOC,
  catalog: {}, catalogList: [], selected: new Set(), problems: [], problemsByNode: {}, validating: false,
  nodeDecorations: {}, diffView: null, beforeDiff: null, collapsed: new Set(), saving: false, saveError: null, conflict: null,
  canEdit: false, rightTab: "inspector", bottomTab: "problems", helpOpen: false,
});

export const useEditor = create<EditorStore>()((set, get) => ({
  ...initial(),

  reset: () => set((s) => ({ ...initial(), catalog: s.catalog, catalogList: s.catalogList, canEdit: s.beforeDiff?.canEdit ?? s.canEdit })),

  // Set the catalog before `load`: placing unpositioned nodes needs the operators' ports.
  setCatalog: (entries) => set({ catalog: catalogIndex(entries), catalogList: entries }),

  load: (resource, etag) => {
    const doc = fillPositions(resource.document, get().catalog);
    set({
      graphId: resource.id, resource, etag: etag ?? resource.etag, baseDoc: doc, savedDoc: doc,
      description: resource.description, savedDescription: resource.description,
      history: initHistory(doc), doc, selected: new Set(), conflict: null, saveError: null, saving: false,
      problems: resource.errors ?? [], problemsByNode: problemsByNode(resource.errors ?? []),
    });
  },

  commit: (doc, coalesceKey = null) => {
    if (!get().canEdit) return;
    const history = push(get().history, doc, coalesceKey);
    if (history !== get().history) set({ history, doc: history.present });
  },

  mutate: (fn, coalesceKey) => get().commit(fn(get().doc), coalesceKey),

  undo: () => {
    if (get().diffView) return;
    const history = undo(get().history);
    set({ history, doc: history.present });
  },

  redo: () => {
    if (get().diffView) return;
    const history = redo(get().history);
    set({ history, doc: history.present });
  },

  setSelection: (ids) => set({ selected: new Set(ids) }),

  applySelection: (changes) => {
    if (!changes.length) return;
    const next = new Set(get().selected);
    for (const c of changes) {
      if (c.selected) next.add(c.id);
      else next.delete(c.id);
    }
    set({ selected: next });
  },

  addOperator: (op, position) => {
    const s = get();
    if (!s.canEdit) return null;
    const id = uniqueId(idStemForOp(op), new Set(s.doc.nodes.map((n) => n.id)));
    s.commit(addNodes(s.doc, [{ id, op, position: { x: Math.round(position.x), y: Math.round(position.y) } }]));
    set({ selected: new Set([id]), rightTab: "inspector" });
    return id;
  },

  connect: (conn) => {
    const s = get();
    if (checkConnection(s.doc, s.catalog, conn).ok) s.commit(connect(s.doc, s.catalog, conn));
  },

  deleteElements: (ids) => {
    const s = get();
    const nodes: string[] = [];
    const groups: string[] = [];
    const edges: string[] = [];
    for (const id of ids) {
      const gid = groupIdOf(id);
      if (gid !== null) groups.push(gid);
      else if (id.includes(":")) edges.push(id);
      else nodes.push(id);
    }
    const doc = ungroup(removeNodes(disconnect(s.doc, edges), nodes), groups);
    s.commit(doc);
    const left = new Set([...s.selected].filter((id) => !nodes.includes(id) && !edges.includes(id) && !groups.includes(groupIdOf(id) ?? "")));
    set({ selected: left });
  },

  moveNodes: (positions, coalesceKey) => get().mutate((doc) => moveNodes(doc, positions), coalesceKey),

  setDescription: (description) => set({ description }),

  setProblems: (problems) => set({ problems, problemsByNode: problemsByNode(problems) }),

  setValidating: (validating) => set({ validating }),

  setDecorations: (nodeDecorations) => set({ nodeDecorations }),

  // Diff mode turns editing off through canEdit, so every edit path (canvas, inspector,
  // palette, shortcuts) is read-only without knowing about diffs.
  enterDiff: (diffView) => {
    const s = get();
    const beforeDiff = s.beforeDiff ?? { selected: s.selected, canEdit: s.canEdit };
    set({ diffView, beforeDiff, canEdit: false, selected: new Set() });
  },

  exitDiff: () => {
    const before = get().beforeDiff;
    if (before) set({ diffView: null, beforeDiff: null, canEdit: before.canEdit, selected: before.selected });
  },

  toggleCollapsed: (gid, collapsed) => {
    const next = new Set(get().collapsed);
    const on = collapsed ?? !next.has(gid);
    if (on) next.add(gid);
    else next.delete(gid);
    set({ collapsed: next });
  },

  saveStarted: () => set({ saving: true, saveError: null }),

  saveSucceeded: (resource, etag, sentDoc, sentDescription) =>
    set({
      saving: false, resource, etag: etag ?? resource.etag, baseDoc: sentDoc, savedDoc: sentDoc,
      savedDescription: sentDescription, conflict: null, saveError: null,
    }),

  saveFailed: (saveError) => set({ saving: false, saveError }),

  setConflict: (current) => {
    const s = get();
    set({
      saving: false,
      // Theirs against the server's own last document: baseDoc has positions this editor
      // filled in on load, which would read as moves nobody made.
      conflict: current
        ? { current, theirs: docDiff(s.resource?.document ?? s.baseDoc, current.document), mine: docDiff(s.baseDoc, s.doc) }
        : null,
    });
  },

  setCanEdit: (canEdit) => {
    const before = get().beforeDiff;
    set(before ? { beforeDiff: { ...before, canEdit } } : { canEdit });
  },
  setRightTab: (rightTab) => set({ rightTab }),
  setBottomTab: (bottomTab) => set({ bottomTab }),
  setHelpOpen: (helpOpen) => set({ helpOpen }),
}));

export const selectDirty = (s: EditorState) => s.doc !== s.savedDoc || s.description !== s.savedDescription;

export function selectSaveStatus(s: EditorState): SaveStatus {
  if (s.saving) return "saving";
  return selectDirty(s) ? "dirty" : "saved";
}

/** The one selected canvas node (not group, not edge), if exactly one is selected. */
export function selectSingleNodeId(s: EditorState): string | null {
  const ids = [...s.selected].filter((id) => !id.includes(":"));
  return ids.length === 1 && s.selected.size === 1 ? (ids[0] as string) : null;
}
