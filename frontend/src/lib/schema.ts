// Params schemas come from pydantic; two small adjustments make rjsf forms read well, and
// form output is trimmed back to the params the user actually set.
import type { JsonSchema } from "../api/types";
import { isEqual } from "./docDiff";

type Schema = JsonSchema;

const isObj = (v: unknown): v is Schema => typeof v === "object" && v !== null && !Array.isArray(v);

/** "min_count" → "Min Count", as pydantic titles fields. */
const titleOf = (name: string) => name.split("_").filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join(" ");

/**
 * `anyOf: [{type: T, ...}, {type: "null"}]` (pydantic's `T | None`) becomes
 * `type: [T, "null"]`, which rjsf renders as a plain field instead of an option picker.
 */
export function simplifySchema(schema: Schema): Schema {
  const out: Schema = { ...schema };
  const anyOf = schema.anyOf;
  if (Array.isArray(anyOf) && anyOf.length === 2) {
    const [a, b] = anyOf as unknown[];
    const nullFirst = isObj(a) && a.type === "null";
    const some = nullFirst ? b : a;
    const none = nullFirst ? a : b;
    if (isObj(some) && isObj(none) && none.type === "null" && typeof some.type === "string") {
      delete out.anyOf;
      Object.assign(out, simplifySchema(some), { type: [some.type, "null"] });
      for (const k of ["title", "description", "default"]) if (k in schema) out[k] = schema[k];
    }
  }
  for (const key of ["properties", "$defs", "definitions"]) {
    const group = schema[key];
    if (isObj(group)) out[key] = Object.fromEntries(Object.entries(group).map(([k, v]) => [k, isObj(v) ? simplifySchema(v) : v]));
  }
  // pydantic gives a property that is a reference (an enum, a nested model) no title of its
  // own, so the form would label it with the referenced type's name ("EventType").
  if (isObj(out.properties)) {
    for (const [k, v] of Object.entries(out.properties)) {
      if (isObj(v) && typeof v.$ref === "string" && !("title" in v)) (out.properties as Schema)[k] = { ...v, title: titleOf(k) };
    }
  }
  for (const key of ["items", "additionalProperties"]) {
    const sub = schema[key];
    if (isObj(sub)) out[key] = simplifySchema(sub);
  }
  return out;
}

function resolveRef(schema: Schema, root: Schema): Schema {
  let s = schema;
  for (let hops = 0; typeof s.$ref === "string" && hops < 10; hops++) {
    const path = s.$ref.replace(/^#\//, "").split("/");
    let target: unknown = root;
    for (const key of path) target = isObj(target) ? target[key] : undefined;
    if (!isObj(target)) break;
    s = target;
  }
  return s;
}

/**
 * Undo what the form adds: undefined values dropped, and values equal to their schema
 * default dropped (also inside objects and array items), unless the node already pinned
 * exactly that value (a document written by hand may set a default explicitly).
 */
export function stripDefaults(value: unknown, schema: Schema, previous: unknown, root: Schema): unknown {
  const s = resolveRef(schema, root);
  if (Array.isArray(value) && isObj(s.items)) {
    const items = s.items;
    return value.map((item, i) => stripDefaults(item, items, Array.isArray(previous) ? previous[i] : undefined, root));
  }
  if (!isObj(value) || !isObj(s.properties)) return value;
  const props = s.properties;
  const prev = isObj(previous) ? previous : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const prop = isObj(props[k]) ? resolveRef(props[k], root) : {};
    const pinned = k in prev && isEqual(prev[k], v);
    if (!pinned && "default" in prop && isEqual(v, prop.default)) continue;
    out[k] = stripDefaults(v, prop, prev[k], root);
  }
  return out;
}

/** The params to store after a form change (see stripDefaults). */
export function paramsFromForm(
  formData: Record<string, unknown>,
  schema: Schema,
  previous: Record<string, unknown> = {},
): Record<string, unknown> {
  return stripDefaults(formData, schema, previous, schema) as Record<string, unknown>;
}

/** Server problems on "params.<name>" as an rjsf extraErrors object. */
export function paramErrors(problems: ReadonlyArray<{ field: string | null; message: string }>): Record<string, { __errors: string[] }> {
  const out: Record<string, { __errors: string[] }> = {};
  for (const p of problems) {
    const m = p.field ? /^params\.([^.]+)/.exec(p.field) : null;
    if (!m) continue;
    const name = m[1] as string;
    (out[name] ??= { __errors: [] }).__errors.push(p.message);
  }
  return out;
}
