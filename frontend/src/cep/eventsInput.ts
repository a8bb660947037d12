// The Simulate tab's events, typed as a JSON array: parsed with the error's line and
// column, and each event checked the way POST /api/events/ does (naming it: events[2].ts),
// so most mistakes are caught before the request.
import { lineColumn, parseJsonObject } from "../panels/jsonInput";
import { EVENT_TYPES, type SimEvent } from "./types";

export const MAX_EVENTS = 10_000;

export type EventsResult =
  | { ok: true; events: SimEvent[] }
  | { ok: false; message: string; line: number | null; column: number | null };

const fail = (message: string, line: number | null = null, column: number | null = null): EventsResult => ({ ok: false, message, line, column });
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function checkEvent(e: unknown, i: number): string | null {
  const at = `events[${i}]`;
  if (!isObj(e)) return `${at}: an event is a JSON object`;
  const known = new Set(["id", "unit_id", "type", "item_id", "ts", "attributes"]);
  const extra = Object.keys(e).find((k) => !known.has(k));
  if (extra) return `${at}.${extra}: not a field of an event (id, unit_id, type, item_id, ts, attributes)`;
  for (const field of ["id", "unit_id"]) {
    const v = e[field];
    if (typeof v !== "string" || !v || v.length > 128) return `${at}.${field}: a text of 1 to 128 characters`;
  }
  if (!EVENT_TYPES.includes(e.type as SimEvent["type"])) return `${at}.type: one of ${EVENT_TYPES.join(", ")}`;
  if (!Number.isInteger(e.ts) || (e.ts as number) < 0) return `${at}.ts: a whole number of epoch milliseconds`;
  if (e.item_id !== undefined && e.item_id !== null && typeof e.item_id !== "string") return `${at}.item_id: a text, or null`;
  if (e.attributes !== undefined && !isObj(e.attributes)) return `${at}.attributes: a JSON object`;
  return null;
}

export function parseEvents(text: string): EventsResult {
  if (!text.trim()) return fail("No events: write a JSON array of events, or use Sample events.");
  // Reuse the object parser's error reporting by wrapping the array in an object.
  const wrapped = parseJsonObject(`{"e":\n${text}\n}`);
  if (!wrapped.ok) {
    const line = wrapped.line === null ? null : Math.max(1, Math.min(wrapped.line - 1, text.split("\n").length));
    return fail(wrapped.message, line, wrapped.line === null ? null : wrapped.column);
  }
  const value = wrapped.value.e;
  if (!Array.isArray(value)) return fail("The events must be a JSON array ([ … ])", 1, 1);
  if (value.length > MAX_EVENTS) return fail(`At most ${MAX_EVENTS.toLocaleString("en")} events per simulation (there are ${value.length}).`);
  for (const [i, e] of value.entries()) {
    const problem = checkEvent(e, i);
    if (problem) {
      const where = locate(text, i);
      return fail(problem, where?.line ?? null, where?.column ?? null);
    }
  }
  return { ok: true, events: value as SimEvent[] };
}

/** Where the i-th top-level element of a JSON array starts (for the error's line). */
function locate(text: string, index: number): { line: number; column: number } | null {
  let depth = 0;
  let inString = false;
  let seen = -1;
  for (let p = 0; p < text.length; p++) {
    const c = text[p];
    if (inString) {
      if (c === "\\") p++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    if (c === "[" || c === "{") {
      depth++;
      if (depth === 2 && c === "{") {
        seen++;
        if (seen === index) return lineColumn(text, p);
      }
    } else if (c === "]" || c === "}") depth--;
  }
  return null;
}

/** Events one per line: readable, and short enough to edit by hand. */
export function formatEvents(events: readonly SimEvent[]): string {
  return events.length ? `[\n${events.map((e) => `  ${JSON.stringify(e)}`).join(",\n")}\n]` : "[]";
}
