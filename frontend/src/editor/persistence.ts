// Loading, saving (optimistic concurrency with If-Match) and the local draft that keeps
// unsaved work through a crash or a refresh.
import { api, ApiError } from "../api/client";
import type { GraphDocument, GraphResource, OperatorEntry, Page } from "../api/types";
import { selectDirty, useEditor } from "./store";

export interface Draft {
  doc: GraphDocument;
  description: string;
  /** Server revision the draft was edited from. */
  revision: number;
  savedAt: string;
}

export const draftKey = (graphId: number) => `loom.draft.${graphId}`;

export function readDraft(graphId: number): Draft | null {
  try {
    const raw = localStorage.getItem(draftKey(graphId));
    const draft = raw ? (JSON.parse(raw) as Draft) : null;
    return draft && Array.isArray(draft.doc?.nodes) ? draft : null;
  } catch {
    return null;
  }
}

export function writeDraft(graphId: number, draft: Draft): void {
  try {
    localStorage.setItem(draftKey(graphId), JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the unsaved indicator and beforeunload still protect the work.
  }
}

export function clearDraft(graphId: number): void {
  try {
    localStorage.removeItem(draftKey(graphId));
  } catch {
    // ignore: nothing to clear
  }
}

/** Write the current unsaved work as the local draft right away (leaving, unloading). */
export function flushDraft(): void {
  const s = useEditor.getState();
  if (s.graphId === null || !selectDirty(s)) return;
  writeDraft(s.graphId, { doc: s.doc, description: s.description, revision: s.resource?.revision ?? 0, savedAt: new Date().toISOString() });
}

let catalogPromise: Promise<OperatorEntry[]> | null = null;

export function fetchCatalog(): Promise<OperatorEntry[]> {
  catalogPromise ??= api.get<Page<OperatorEntry>>("/api/operators/?limit=500").then((r) => r.data.results);
  catalogPromise.catch(() => {
    catalogPromise = null;
  });
  return catalogPromise;
}

export async function fetchGraph(graphId: number): Promise<{ resource: GraphResource; etag: string | null }> {
  const r = await api.get<GraphResource>(`/api/graphs/${graphId}/`);
  return { resource: r.data, etag: r.etag };
}

const isResource = (v: unknown): v is GraphResource =>
  typeof v === "object" && v !== null && "document" in v && "etag" in v;

/** Save the current document. `etag` overrides the known one ("keep mine" after a conflict). */
export async function saveGraph(etag?: string): Promise<void> {
  const s = useEditor.getState();
  if (s.graphId === null || !s.canEdit || s.saving) return;
  const graphId = s.graphId;
  const doc = s.doc;
  const description = s.description;
  s.saveStarted();
  try {
    const r = await api.put<GraphResource>(`/api/graphs/${graphId}/`, { document: doc, description }, etag ?? s.etag ?? "");
    const after = useEditor.getState();
    if (after.graphId !== graphId) return;
    after.saveSucceeded(r.data, r.etag, doc, description);
    if (!selectDirty(useEditor.getState())) clearDraft(graphId);
  } catch (err) {
    const after = useEditor.getState();
    if (err instanceof ApiError && err.status === 412 && isResource(err.body.current)) {
      after.setConflict(err.body.current);
    } else {
      after.saveFailed(err instanceof Error ? err.message : String(err));
    }
  }
}

/** "Reload theirs": drop local edits and continue from the server's document. */
export function reloadTheirs(): void {
  const s = useEditor.getState();
  if (!s.conflict || s.graphId === null) return;
  clearDraft(s.graphId);
  s.load(s.conflict.current, s.conflict.current.etag);
}

/** "Keep mine": save our document as the revision after the server's current one. */
export function keepMine(): Promise<void> {
  const s = useEditor.getState();
  if (!s.conflict) return Promise.resolve();
  const etag = s.conflict.current.etag;
  useEditor.setState({ conflict: null });
  return saveGraph(etag);
}
