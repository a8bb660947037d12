// Palette helpers: sections by category, search over name / title / description.
import type { OperatorEntry } from "../api/types";

export function searchOperators(entries: readonly OperatorEntry[], query: string): OperatorEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [...entries];
  return entries.filter((e) => {
    const hay = `${e.name} ${e.title} ${e.description} ${e.category}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

export function byCategory(entries: readonly OperatorEntry[]): Array<[string, OperatorEntry[]]> {
  const sections = new Map<string, OperatorEntry[]>();
  for (const e of entries) {
    const list = sections.get(e.category) ?? [];
    list.push(e);
    sections.set(e.category, list);
  }
  return [...sections.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([cat, list]): [string, OperatorEntry[]] => [cat, list.sort((a, b) => a.name.localeCompare(b.name))]);
}

export const catalogIndex = (entries: readonly OperatorEntry[]): Record<string, OperatorEntry> =>
  Object.fromEntries(entries.map((e) => [e.name, e]));
