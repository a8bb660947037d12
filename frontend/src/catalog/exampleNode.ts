// Pure helper: a plausible graph node (DESIGN.md §2) for an operator, to copy into a graph.
import type { JsonSchema, NodeDoc, OperatorEntry } from "../api/types";
import { resolveRef } from "./schemaTable";

type Defs = Record<string, JsonSchema>;

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** "recall.hot_items" → "hot_items": a node id matching ^[a-z][a-z0-9_]{0,63}$. */
export function nodeIdFor(opName: string): string {
  const last = opName.split(".").pop() ?? "";
  const id = last.toLowerCase().replace(/[^a-z0-9_]+/g, "_").replace(/^[^a-z]+/, "");
  return (id || "node").slice(0, 64);
}

function smallestNumber(schema: JsonSchema): number {
  if (typeof schema.minimum === "number") return schema.minimum;
  const low = schema.exclusiveMinimum;
  if (typeof low !== "number") return 0;
  const high = schema.exclusiveMaximum ?? schema.maximum;
  // Strictly above `low`: one more for integers, halfway to the top for floats.
  if (schema.type === "integer" || typeof high !== "number") return low + 1;
  return (low + high) / 2;
}

/** A value the schema accepts: its example, else default, else the smallest valid one. */
export function exampleValue(schema: JsonSchema, defs: Defs, hint = "value", depth = 0): unknown {
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if ("default" in schema) return schema.default;
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  if (depth > 4) return null; // a recursive $ref would never end
  const target = resolveRef(schema, defs);
  if (target) return exampleValue(target, defs, hint, depth + 1);
  const union = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(union)) {
    const first = union.filter(isSchema).find((b) => b.type !== "null");
    return first ? exampleValue(first, defs, hint, depth + 1) : null;
  }
  switch (schema.type) {
    case "string":
      return `<${hint}>`;
    case "integer":
    case "number":
      return smallestNumber(schema);
    case "boolean":
      return false;
    case "array": {
      const count = typeof schema.minItems === "number" ? Math.min(schema.minItems, 2) : 0;
      const items = isSchema(schema.items) ? schema.items : {};
      return Array.from({ length: count }, () => exampleValue(items, defs, hint, depth + 1));
    }
    case "object": {
      const props = isSchema(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
      return Object.fromEntries(
        required.map((key) => {
          const prop = props[key];
          return [key, isSchema(prop) ? exampleValue(prop, defs, key, depth + 1) : null];
        }),
      );
    }
    default:
      return null;
  }
}

/** Which params the example sets: the required ones and those with a documented example;
 *  if that is none, the first one, so the example still shows where params go. */
function exampleParams(schema: JsonSchema): Record<string, unknown> {
  const props = isSchema(schema.properties) ? schema.properties : {};
  const defs = (isSchema(schema.$defs) ? schema.$defs : {}) as Defs;
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  let names = Object.keys(props).filter((name) => {
    const prop = props[name];
    return required.has(name) || (isSchema(prop) && Array.isArray(prop.examples));
  });
  if (!names.length) names = Object.keys(props).slice(0, 1);
  return Object.fromEntries(
    names.map((name) => {
      const prop = props[name];
      return [name, isSchema(prop) ? exampleValue(prop, defs, name) : null];
    }),
  );
}

/** A node running `entry`, wired to placeholder sources on its required ports. */
export function exampleNode(entry: OperatorEntry): NodeDoc {
  const node: NodeDoc = { id: nodeIdFor(entry.name), op: entry.name };
  const params = exampleParams(entry.params_schema);
  if (Object.keys(params).length) node.params = params;
  const ports = entry.inputs.filter((port) => port.required);
  if (ports.length) {
    node.inputs = Object.fromEntries(
      ports.map((port) => [
        port.name,
        port.multiple ? ["source_a", "source_b"] : [`${port.name}_source`],
      ]),
    );
  }
  return node;
}
