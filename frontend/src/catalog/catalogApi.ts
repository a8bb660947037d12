// Catalog reads. Operators are code, so list and detail answers are kept for the session
// (going back from a detail page is instant); graphs change, so those are always fetched.
import { api } from "../api/client";
import type { OperatorEntry } from "../api/types";

export interface OperatorList {
  count: number;
  results: OperatorEntry[];
  /** Every category of the registry (the server sends it next to the results). */
  categories?: string[];
  next?: string | null;
}

export interface GraphUsage {
  id: number;
  name: string;
  nodes: string[];
}

export interface ListFilter {
  category: string;
  search: string;
}

const memo = new Map<string, Promise<unknown>>();

function cached<T>(url: string, load: () => Promise<T>): Promise<T> {
  let hit = memo.get(url) as Promise<T> | undefined;
  if (!hit) {
    hit = load();
    memo.set(url, hit);
    hit.catch(() => memo.delete(url)); // a failure is retried next time
  }
  return hit;
}

export function listUrl({ category, search }: ListFilter): string {
  const query = new URLSearchParams({ limit: "500" });
  if (category) query.set("category", category);
  if (search) query.set("search", search);
  return `/api/operators/?${query}`;
}

export function listOperators(filter: ListFilter): Promise<OperatorList> {
  const url = listUrl(filter);
  return cached(url, async () => {
    const first = (await api.get<OperatorList>(url)).data;
    const results = [...first.results];
    // Follow pagination if the server pages below our limit (bounded, just in case).
    let next = first.next ?? null;
    for (let pages = 0; next && pages < 20; pages++) {
      const page = (await api.get<OperatorList>(next)).data;
      results.push(...page.results);
      next = page.next ?? null;
    }
    return { ...first, results, next: null };
  });
}

export function getOperator(name: string): Promise<OperatorEntry> {
  const url = `/api/operators/${encodeURIComponent(name)}/`;
  return cached(url, async () => (await api.get<OperatorEntry>(url)).data);
}

export async function graphsUsing(name: string): Promise<GraphUsage[]> {
  return (await api.get<GraphUsage[]>(`/api/operators/${encodeURIComponent(name)}/graphs/`)).data;
}
