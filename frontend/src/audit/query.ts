// The audit page's filters live in the URL (a filtered view can be linked and survives a
// reload) and become the API's query: action, target_type, target_id, actor, since, until
// (ISO date-times, since inclusive, until exclusive) and limit/offset.
import { NO_FILTERS, type AuditFilters } from "./types";

export const PAGE_SIZE = 25;
const FIELDS = Object.keys(NO_FILTERS) as Array<keyof AuditFilters>;

export function filtersFromSearch(search: URLSearchParams): AuditFilters {
  const out = { ...NO_FILTERS };
  for (const f of FIELDS) out[f] = search.get(f) ?? "";
  return out;
}

export function offsetFromSearch(search: URLSearchParams): number {
  const n = Number(search.get("offset") ?? 0);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/** The URL's query for these filters and page (empty filters left out). */
export function toSearch(filters: AuditFilters, offset = 0): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of FIELDS) if (filters[f].trim()) out[f] = filters[f].trim();
  if (offset > 0) out.offset = String(offset);
  return out;
}

/** "2025-01-31T09:30" in the browser's time zone → an ISO instant; null if not a date. */
export function localToIso(text: string): string | null {
  if (!text.trim()) return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The API request's query string; a date that does not parse is reported, not sent. */
export function apiQuery(filters: AuditFilters, offset: number, limit = PAGE_SIZE): { query: string; problems: string[] } {
  const params = new URLSearchParams({ limit: String(limit), offset: String(offset) });
  const problems: string[] = [];
  for (const f of ["action", "target_type", "target_id", "actor"] as const) if (filters[f].trim()) params.set(f, filters[f].trim());
  for (const f of ["since", "until"] as const) {
    if (!filters[f].trim()) continue;
    const iso = localToIso(filters[f]);
    if (iso) params.set(f, iso);
    else problems.push(`"${filters[f]}" is not a date and time (${f})`);
  }
  return { query: params.toString(), problems };
}

/** "26–50 of 120" */
export function pageLabel(offset: number, shown: number, count: number): string {
  if (!count) return "no entries";
  return `${offset + 1}–${offset + shown} of ${count}`;
}
