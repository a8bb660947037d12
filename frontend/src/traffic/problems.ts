// Server refusals in plain words. The API answers {"errors": [{code, node, field, message}]}
// (webapp/core/errors.py); a message from DRF's field validation ("This field is
// required.") does not say which field, so the field's label goes in front of it.
import { ApiError } from "../api/client";
import type { Problem } from "../api/types";

const LABELS: Record<string, string> = {
  name: "Name", slug: "Slug", keys: "Key patterns", description: "Description", salt: "Salt",
  start: "Range start", end: "Range end", overrides: "Overrides", unit_id: "Unit id", layer: "Layer",
  experiment: "Experiment", scene: "Scene", ranges: "Ranges",
};

/** "keys[0]" → "Key patterns", "overrides.node.cf.param.limit" → "Overrides"; null if none. */
export function fieldLabel(field: string | null): string | null {
  if (!field) return null;
  const head = /^[a-z_]+/.exec(field)?.[0] ?? field;
  return LABELS[head] ?? head;
}

/** The override key a problem is about (`overrides.<key>`), if any. */
export function overrideKeyOf(problem: Pick<Problem, "field">): string | null {
  return problem.field?.startsWith("overrides.") ? problem.field.slice("overrides.".length) : null;
}

/** One line per problem, naming the field when the message does not. */
export function problemText(p: Pick<Problem, "field" | "message">): string {
  const label = fieldLabel(p.field);
  if (!label || overrideKeyOf(p) || p.message.toLowerCase().includes(label.toLowerCase())) return p.message;
  return `${label}: ${p.message}`;
}

const STATUS_WORDS: Record<number, string> = {
  403: "Your role does not allow this.",
  404: "It no longer exists: someone may have deleted it. Reload the page.",
};

/** The problems of any error a request can throw, ready to list. */
export function problemsOf(err: unknown): Problem[] {
  if (err instanceof ApiError) {
    if (err.problems.length && err.problems.some((p) => p.message)) return err.problems;
    const message = STATUS_WORDS[err.status] ?? `The server refused the request (HTTP ${err.status}).`;
    return [{ code: "http_error", node: null, field: null, message }];
  }
  const message = err instanceof TypeError ? "The server could not be reached: check the connection and try again." : String(err instanceof Error ? err.message : err);
  return [{ code: "client_error", node: null, field: null, message }];
}
