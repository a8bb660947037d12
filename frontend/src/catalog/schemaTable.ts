// Pure helpers: an operator's params JSON Schema (as pydantic writes it) → table rows a
// person can read: Python-ish type names, the default, the allowed range in words.
import type { JsonSchema } from "../api/types";

export interface ParamRow {
  name: string;
  title: string;
  type: string;
  /** JSON text of the default; null when the parameter has none. */
  default: string | null;
  range: string;
  required: boolean;
  description: string;
  /** JSON text of the first documented example, if any. */
  example: string | null;
}

type Defs = Record<string, JsonSchema>;

const SCALARS: Record<string, string> = {
  string: "str",
  integer: "int",
  number: "float",
  boolean: "bool",
  null: "null",
};

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function branches(schema: JsonSchema): JsonSchema[] {
  const union = schema.anyOf ?? schema.oneOf;
  return Array.isArray(union) ? union.filter(isSchema) : [];
}

/** The definition a `$ref` like "#/$defs/BoostRule" points at (undefined if elsewhere). */
export function resolveRef(schema: JsonSchema, defs: Defs): JsonSchema | undefined {
  const ref = schema.$ref;
  if (typeof ref !== "string") return undefined;
  const match = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(ref);
  return match?.[1] ? defs[match[1]] : undefined;
}

function refName(schema: JsonSchema): string | null {
  const ref = schema.$ref;
  return typeof ref === "string" ? (ref.split("/").pop() ?? ref) : null;
}

/** "int", "str | null", "list[str]", "dict[str, float]", "BoostRule", "any". */
export function typeLabel(schema: JsonSchema): string {
  const ref = refName(schema);
  if (ref) return ref;
  const union = branches(schema);
  if (union.length) return [...new Set(union.map(typeLabel))].join(" | ");
  if ("const" in schema) return JSON.stringify(schema.const);
  const type = schema.type;
  if (Array.isArray(type)) return type.map((t) => typeLabel({ ...schema, type: t })).join(" | ");
  if (type === "array") {
    return isSchema(schema.items) && Object.keys(schema.items).length
      ? `list[${typeLabel(schema.items)}]`
      : "list";
  }
  if (type === "object") {
    if (isSchema(schema.additionalProperties)) {
      return `dict[str, ${typeLabel(schema.additionalProperties)}]`;
    }
    return typeof schema.title === "string" && isSchema(schema.properties) ? schema.title : "dict";
  }
  if (typeof type === "string") return SCALARS[type] ?? type;
  return Array.isArray(schema.enum) ? "enum" : "any";
}

function num(value: unknown): number | undefined {
  return typeof value === "number" ? value : undefined;
}

/** "a – b" when both ends are set, else "≥ a" / "≤ b"; `unit` says what is counted. */
function span(low: number | undefined, high: number | undefined, unit = ""): string | null {
  const tail = unit ? ` ${unit}` : "";
  if (low !== undefined && high !== undefined) return `${low} – ${high}${tail}`;
  if (low !== undefined) return `≥ ${low}${tail}`;
  if (high !== undefined) return `≤ ${high}${tail}`;
  return null;
}

function numericRange(schema: JsonSchema): string | null {
  const min = num(schema.minimum);
  const max = num(schema.maximum);
  const xmin = num(schema.exclusiveMinimum);
  const xmax = num(schema.exclusiveMaximum);
  if (xmin === undefined && xmax === undefined) return span(min, max);
  const parts = [
    xmin !== undefined ? `> ${xmin}` : min !== undefined ? `≥ ${min}` : null,
    xmax !== undefined ? `< ${xmax}` : max !== undefined ? `≤ ${max}` : null,
  ];
  return parts.filter(Boolean).join(", ");
}

function enumText(values: unknown[]): string {
  return "one of " + values.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ");
}

/** The allowed values in words: "1 – 5000", "> 0", "length 1 – 64", "one of a, b"; "" if free. */
export function rangeText(schema: JsonSchema): string {
  const union = branches(schema);
  if (union.length) {
    return union.filter((b) => b.type !== "null").map(rangeText).filter(Boolean).join("; ");
  }
  const parts: string[] = [];
  if (Array.isArray(schema.enum)) parts.push(enumText(schema.enum));
  const numeric = numericRange(schema);
  if (numeric) parts.push(numeric);
  const length = span(num(schema.minLength), num(schema.maxLength));
  if (length) parts.push(`length ${length}`);
  const items = span(num(schema.minItems), num(schema.maxItems), "items");
  if (items) parts.push(items);
  const keys = span(num(schema.minProperties), num(schema.maxProperties), "keys");
  if (keys) parts.push(keys);
  if (typeof schema.pattern === "string") parts.push(`matches /${schema.pattern}/`);
  return parts.join(", ");
}

/** One row per property of an object schema, in the schema's (= the class's) order. */
export function paramRows(schema: JsonSchema): ParamRow[] {
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  const defs = (isSchema(schema.$defs) ? schema.$defs : {}) as Defs;
  return Object.entries(properties).map(([name, raw]) => {
    const prop = isSchema(raw) ? raw : {};
    // A bare $ref carries no range of its own: read it from the definition.
    const target = resolveRef(prop, defs) ?? prop;
    const examples = Array.isArray(prop.examples) ? prop.examples : [];
    return {
      name,
      title: typeof prop.title === "string" ? prop.title : name,
      type: typeLabel(prop),
      default: "default" in prop ? JSON.stringify(prop.default) : null,
      range: rangeText(target),
      required: required.has(name),
      description: typeof prop.description === "string" ? prop.description : "",
      example: examples.length ? JSON.stringify(examples[0]) : null,
    };
  });
}
