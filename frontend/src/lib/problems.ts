import type { Problem } from "../api/types";

/** Problems indexed by node id; graph-level ones (node null) are left out. */
export function problemsByNode(problems: readonly Problem[]): Record<string, Problem[]> {
  const out: Record<string, Problem[]> = {};
  for (const p of problems) if (p.node) (out[p.node] ??= []).push(p);
  return out;
}
