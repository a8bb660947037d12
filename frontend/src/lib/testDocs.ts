// Shared fixtures for the lib tests: a small catalog and the DESIGN §2 example document.
import type { GraphDocument, OperatorEntry } from "../api/types";
import { catalogIndex } from "./catalog";

const op = (name: string, inputs: OperatorEntry["inputs"], output: string, props: Record<string, unknown> = {}): OperatorEntry => ({
  name, title: name, category: name.split(".")[0] as string, description: `${name} op`, inputs,
  output: { type: output }, params_schema: { type: "object", properties: props, additionalProperties: false }, version: "1",
});

const items = { name: "items", type: "Dataset", multiple: false, required: true };

export const entries: OperatorEntry[] = [
  op("control.condition", [], "bool", { expr: { type: "string" } }),
  op("recall.hot_items", [], "Dataset", { limit: { type: "integer", default: 200, minimum: 1 }, tag: { type: "string", default: "hot" } }),
  op("recall.item_cf", [], "Dataset", { limit: { type: "integer", default: 300 } }),
  op("merge.priority", [{ name: "sources", type: "Dataset", multiple: true, required: true }], "Dataset"),
  op("basic.limit", [items], "Dataset", { n: { type: "integer" } }),
  op("debug.any", [{ name: "value", type: "any", multiple: false, required: true }], "dict"),
];

export const catalog = catalogIndex(entries);

export function sampleDoc(): GraphDocument {
  return {
    schema: 1,
    name: "home_feed",
    settings: { timeout_ms: 300, max_concurrency: 8 },
    groups: [{ id: "recall", label: "Recall", timeout_ms: 120 }],
    nodes: [
      { id: "is_new", op: "control.condition", params: { expr: "ctx.user.days < 7" } },
      { id: "hot", op: "recall.hot_items", params: { limit: 200 }, group: "recall", position: { x: 0, y: 0 } },
      { id: "cf", op: "recall.item_cf", group: "recall", unless: "is_new", optional: true, position: { x: 0, y: 200 } },
      { id: "merge", op: "merge.priority", inputs: { sources: ["cf", "hot"] }, position: { x: 400, y: 100 } },
      { id: "top", op: "basic.limit", params: { n: 50 }, inputs: { items: ["merge"] }, position: { x: 700, y: 100 } },
    ],
  };
}
