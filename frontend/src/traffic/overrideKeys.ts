// The keys a bucket may override: those of the scene's production KV, plus every declared
// param of every node (a param at its default is not in the KV, yet an experiment may set
// it), kept to the ones the layer's patterns own. Param keys also carry their schema, so
// the editor can type the value input.
import type { JsonSchema, OperatorEntry } from "../api/types";
import { ownedKeys } from "./patterns";

export interface ParamRef {
  node: string;
  name: string;
}

const PARAM_KEY = /^node\.([^.]+)\.param\.(.+)$/;
const OP_KEY = /^node\.([^.]+)\.op$/;

/** `node.<id>.param.<name>` → {node, name}; null for any other key. */
export function paramOfKey(key: string): ParamRef | null {
  const m = PARAM_KEY.exec(key);
  return m ? { node: m[1] as string, name: m[2] as string } : null;
}

/** Node id → operator name, read from the KV's `node.<id>.op` keys. */
export function nodeOps(kv: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, op] of Object.entries(kv)) {
    const m = OP_KEY.exec(key);
    if (m) out[m[1] as string] = op;
  }
  return out;
}

// Not worth an experiment: the editor's layout, and the document format's version.
const NOT_OFFERED = (key: string) => key.endsWith(".pos") || key === "graph.schema";

/** Every key a bucket could set, sorted: the KV's own and each node's declared params. */
export function candidateKeys(kv: Readonly<Record<string, string>>, catalog: Readonly<Record<string, OperatorEntry>>): string[] {
  const keys = new Set(Object.keys(kv).filter((k) => !NOT_OFFERED(k)));
  for (const [node, op] of Object.entries(nodeOps(kv))) {
    const props = catalog[op]?.params_schema.properties;
    if (props && typeof props === "object") for (const name of Object.keys(props)) keys.add(`node.${node}.param.${name}`);
  }
  return [...keys].sort();
}

/** The keys of the production KV (and node params) that a layer with these patterns owns. */
export function offeredKeys(patterns: readonly string[], kv: Readonly<Record<string, string>>, catalog: Readonly<Record<string, OperatorEntry>>): string[] {
  return ownedKeys(patterns, candidateKeys(kv, catalog));
}

export interface ParamSchema {
  /** The param's own schema (a property of the operator's params schema). */
  schema: JsonSchema;
  /** The operator's whole params schema: $refs in `schema` point into it. */
  root: JsonSchema;
  op: string;
  /** The param's name (the key's last part). */
  name: string;
}

/** The schema that types a `node.<id>.param.<name>` key's value, when the catalog knows it. */
export function paramSchemaOf(key: string, kv: Readonly<Record<string, string>>, catalog: Readonly<Record<string, OperatorEntry>>): ParamSchema | null {
  const ref = paramOfKey(key);
  if (!ref) return null;
  const op = kv[`node.${ref.node}.op`];
  const root = op ? catalog[op]?.params_schema : undefined;
  const props = root?.properties as Record<string, unknown> | undefined;
  const schema = props?.[ref.name];
  if (!op || !root || !schema || typeof schema !== "object") return null;
  return { schema: schema as JsonSchema, root, op, name: ref.name };
}
