// Opening a graph that is not a saved head (a version, a merged graph) on the editor's
// canvas for viewing only: the store loads graph resources, so such a graph gets a
// stand-in resource, and edits are turned off (canEdit false, which every edit path of
// the canvas honours). Shared by the assignment checker and the rollout review.
import type { GraphDocument, GraphResource } from "../api/types";
import { fetchCatalog } from "./persistence";
import { useEditor } from "./store";

interface Origin {
  id: number;
  name: string;
  config_hash: string;
  author?: string | null;
  at?: string;
}

export function viewingResource(document: GraphDocument, origin: Origin): GraphResource {
  const author = origin.author ?? null, at = origin.at ?? "";
  return {
    id: origin.id, name: origin.name, description: "", document, valid: true, errors: [],
    config_hash: origin.config_hash, revision: 0, etag: "", created_by: author,
    updated_by: author, created_at: at, updated_at: at,
  };
}

/** Loads the catalog (ports, titles), then the graph, read-only. False when the caller
 * stopped wanting it meanwhile (e.g. its component unmounted): the store is left as is. */
export async function loadForViewing(resource: GraphResource, stillWanted: () => boolean): Promise<boolean> {
  const entries = await fetchCatalog();
  if (!stillWanted()) return false;
  const s = useEditor.getState();
  s.reset();
  s.setCanEdit(false);
  s.setCatalog(entries);
  s.load(resource, null);
  return true;
}
