// Param values in KV form (DESIGN §5, graphengine/kv.py): values are strings, spelled by
// the parameter's declared type. "str" params are verbatim, "json" params are JSON, and
// "mixed" ones (a string among other types) are verbatim when that reads back as the same
// string, else JSON. The kind is told here from the param's JSON Schema, which is how the
// browser sees the declared type.
import type { JsonSchema } from "../api/types";

export type Kind = "str" | "mixed" | "json";

const isObj = (v: unknown): v is JsonSchema => typeof v === "object" && v !== null && !Array.isArray(v);

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let s = schema;
  for (let hops = 0; typeof s.$ref === "string" && hops < 10; hops++) {
    let target: unknown = root;
    for (const part of s.$ref.replace(/^#\//, "").split("/")) target = isObj(target) ? target[part] : undefined;
    if (!isObj(target)) break;
    s = target;
  }
  return s;
}

/** [admits some string, admits only strings], as kv._admits_str reads an annotation. */
function admitsStr(schema: JsonSchema, root: JsonSchema, depth = 0): [boolean, boolean] {
  const s = resolve(schema, root);
  if (depth > 20) return [true, false];
  const union = (Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : null) as unknown[] | null;
  if (union) {
    const parts = union.filter(isObj).map((p) => admitsStr(p, root, depth + 1));
    return [parts.some(([some]) => some), parts.length > 0 && parts.every(([, only]) => only)];
  }
  if (Array.isArray(s.enum)) {
    const strs = s.enum.map((v) => typeof v === "string");
    return [strs.some(Boolean), strs.length > 0 && strs.every(Boolean)];
  }
  if ("const" in s) return typeof s.const === "string" ? [true, true] : [false, false];
  if (Array.isArray(s.type)) {
    const strs = s.type.map((t) => t === "string");
    return [strs.some(Boolean), strs.every(Boolean)];
  }
  if (typeof s.type === "string") return s.type === "string" ? [true, true] : [false, false];
  return [true, false]; // no type: Any
}

/** How a param is spelled; an unknown param (no schema) is "mixed", as on the server. */
export function paramKind(schema: JsonSchema | undefined, root: JsonSchema = schema ?? {}): Kind {
  if (!schema) return "mixed";
  const [some, only] = admitsStr(schema, root);
  return only ? "str" : some ? "mixed" : "json";
}

/** Strict JSON as the server reads it: no NaN/Infinity, no number overflowing to one. */
export function parseStrictJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  const check = (v: unknown): void => {
    if (typeof v === "number" && !Number.isFinite(v)) throw new SyntaxError(`${text} is out of range`);
    if (Array.isArray(v)) v.forEach(check);
    else if (isObj(v)) Object.values(v).forEach(check);
  };
  check(value);
  return value;
}

/** JSON with sorted keys and no spaces, like json.dumps(..., separators, sort_keys). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isObj(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The value a KV text stands for; throws SyntaxError when a "json" text does not parse. */
export function decodeParam(kind: Kind, text: string): unknown {
  if (kind === "str") return text;
  let value: unknown;
  try {
    value = parseStrictJson(text);
  } catch (err) {
    if (kind === "json") throw err;
    return text;
  }
  // ' "x"' (JSON after a space) stays literal: quoting must be explicit.
  if (kind === "mixed" && typeof value === "string" && !text.startsWith('"')) return text;
  return value;
}

/** The KV text of a value; decodeParam(kind, encodeParam(kind, v)) equals v. */
export function encodeParam(kind: Kind, value: unknown): string {
  if (typeof value === "string" && (kind === "str" || (kind === "mixed" && decodeParam("mixed", value) === value))) return value;
  return canonicalJson(value);
}
