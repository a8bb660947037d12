// The matches page's filters live in the URL (a filtered view can be linked and survives a
// reload); the page number there becomes the API's limit/offset.
export const PAGE_SIZE = 50;
export const FILTERS = ["scene", "rule", "unit_id", "kind", "status", "arm"] as const;
export type MatchFilter = (typeof FILTERS)[number];
export type MatchFilters = Record<MatchFilter, string>;

export const NO_FILTERS: MatchFilters = { scene: "", rule: "", unit_id: "", kind: "", status: "", arm: "" };

export function filtersFromSearch(search: URLSearchParams): MatchFilters {
  const out = { ...NO_FILTERS };
  for (const f of FILTERS) out[f] = (search.get(f) ?? "").trim();
  return out;
}

/** 1-based; anything else is page 1. */
export function pageFromSearch(search: URLSearchParams): number {
  const n = Number(search.get("page") ?? 1);
  return Number.isInteger(n) && n > 1 ? n : 1;
}

export function toSearch(filters: MatchFilters, page = 1): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of FILTERS) if (filters[f].trim()) out[f] = filters[f].trim();
  if (page > 1) out.page = String(page);
  return out;
}

export function apiQuery(filters: MatchFilters, page: number, limit = PAGE_SIZE): string {
  const params = new URLSearchParams({ limit: String(limit), offset: String((page - 1) * limit) });
  for (const f of FILTERS) if (filters[f]) params.set(f, filters[f]);
  return params.toString();
}

/** "51–100 of 230" */
export function pageLabel(page: number, shown: number, count: number, limit = PAGE_SIZE): string {
  if (!count) return "no matches";
  const first = (page - 1) * limit + 1;
  return `${first}–${first + shown - 1} of ${count}`;
}
