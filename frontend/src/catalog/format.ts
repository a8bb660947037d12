// Pure display helpers shared by the list and the detail page.
import type { OperatorEntry, PortSpec } from "../api/types";

/** A port's type as a graph sees it: a multi-source port takes a list. */
export function portType(port: PortSpec): string {
  return port.multiple ? `list[${port.type}]` : port.type;
}

/** "(items: Dataset, seed?: Dataset) → Dataset"; "?" marks an optional port. */
export function signature(entry: Pick<OperatorEntry, "inputs" | "output">): string {
  const ports = entry.inputs.map((p) => `${p.name}${p.required ? "" : "?"}: ${portType(p)}`);
  return `(${ports.join(", ")}) → ${entry.output.type}`;
}

/** A stable hue per category, so a plugin's new category gets a colour too. */
export function categoryHue(category: string): number {
  let hash = 0;
  for (const ch of category) hash = (hash * 31 + ch.charCodeAt(0)) % 360;
  return hash;
}

/** The catalog's query string: only the filters that are set. */
export function catalogQuery(category: string, q: string): string {
  const query = new URLSearchParams();
  if (category) query.set("category", category);
  if (q) query.set("q", q);
  const text = query.toString();
  return text ? `?${text}` : "";
}

/** A failed request in words (ApiError already joins the server's messages). */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
