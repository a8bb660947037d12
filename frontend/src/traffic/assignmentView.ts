// The assignment checker's tables, from GET /api/scenes/<slug>/assignment/: one row per
// layer (its slot and bucket, if any) and one per KV key, with the layer that set each
// overridden key. An unset key (override null) is gone from the merged KV, so it is added
// back as a row of its own, or the reader could not see that a layer removed it.
import type { Assignment } from "./types";

export interface LayerRow {
  layer: string;
  slot: number | null;
  experiment: string | null;
  bucket: string | null;
}

export interface KvRow {
  key: string;
  /** The merged value; null when a layer unset the key. */
  value: string | null;
  /** The slug of the layer whose bucket set (or unset) the key; null for the base. */
  layer: string | null;
}

export function layerRows(a: Assignment): LayerRow[] {
  const slugs = [...new Set([...Object.keys(a.slots), ...Object.keys(a.assignment)])].sort();
  return slugs.map((layer) => {
    const got = a.assignment[layer];
    return { layer, slot: a.slots[layer] ?? got?.slot ?? null, experiment: got?.experiment ?? null, bucket: got?.bucket ?? null };
  });
}

export function kvRows(a: Assignment): KvRow[] {
  const keys = new Set([...Object.keys(a.kv), ...Object.keys(a.overrides)]);
  return [...keys].sort().map((key) => ({ key, value: a.kv[key] ?? null, layer: a.provenance[key] ?? null }));
}

/** Node id → the overridden keys of that node and their layers, for the canvas marks. */
export function overriddenNodes(a: Assignment): Record<string, string> {
  const notes: Record<string, string[]> = {};
  for (const [key, layer] of Object.entries(a.provenance)) {
    const node = /^node\.([^.]+)\./.exec(key)?.[1];
    if (node) (notes[node] ??= []).push(`${key} set by layer ${layer}`);
  }
  return Object.fromEntries(Object.entries(notes).map(([node, lines]) => [node, lines.sort().join("\n")]));
}
