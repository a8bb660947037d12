// The replay report (webapp/rollouts/compare.py) in the shape the review page shows it:
// headline figures in words, the nodes whose outputs changed, and example answers side by
// side with each item marked as kept in place, moved, or only on one side.
import { formatMs, formatShare } from "./format";
import type { Latency, RecommendReport as ReplayReport } from "./types";

export interface Figure {
  key: string;
  label: string;
  value: string;
  /** Lowest over the requests, when the mean hides a bad one. */
  detail: string;
  help: string;
}

const fixed = (x: number | null, digits = 2) => (x === null ? "—" : x.toFixed(digits));

export function figures(r: ReplayReport): Figure[] {
  const identical = r.requests ? r.identical / r.requests : null;
  return [
    {
      key: "overlap", label: `Overlap@${r.k}`, value: formatShare(r.overlap_at_k.mean, 0),
      detail: `lowest ${formatShare(r.overlap_at_k.min, 0)}`,
      help: `Share of the top ${r.k} items both versions return, averaged over the requests.`,
    },
    {
      key: "rank", label: "Rank correlation", value: fixed(r.rank_correlation.mean),
      detail: `lowest ${fixed(r.rank_correlation.min)}`,
      help: "Kendall's tau over the items both answers share: 1 = same order, −1 = reversed.",
    },
    {
      key: "identical", label: "Identical answers", value: formatShare(identical, 0),
      detail: `${r.identical} of ${r.requests}`,
      help: "Requests answered with the very same items in the same order.",
    },
    {
      key: "latency", label: "p50 latency", value: r.latency.p50_ratio === null ? "—" : `×${fixed(r.latency.p50_ratio)}`,
      detail: `${formatMs(r.latency.base.p50_ms)} → ${formatMs(r.latency.candidate.p50_ms)}`,
      help: "The candidate's median time over the base's, on the same requests (data sources answered from the recording).",
    },
  ];
}

export interface LatencyRow {
  arm: "base" | "candidate";
  label: string;
  p50: string;
  p99: string;
  status: string;
}

/** {ok: 5, failed: 1} → "5 ok, 1 failed". */
export function statusText(counts: Record<string, number>): string {
  const parts = Object.entries(counts).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  return parts.length ? parts.map(([s, n]) => `${n} ${s}`).join(", ") : "—";
}

export function latencyRows(r: ReplayReport): LatencyRow[] {
  const row = (arm: "base" | "candidate", l: Latency, version: number | undefined): LatencyRow => ({
    arm, label: `${arm === "base" ? "Base" : "Candidate"}${version !== undefined ? ` (v${version})` : ""}`,
    p50: formatMs(l.p50_ms), p99: formatMs(l.p99_ms), status: statusText(r.status[arm] ?? {}),
  });
  return [row("base", r.latency.base, r.base_version), row("candidate", r.latency.candidate, r.candidate_version)];
}

export interface NodeChange {
  node: string;
  text: string;
  share: number;
}

/** Nodes whose output differed on at least one request, most often first, then the nodes
 * only one version has. */
export function changedNodes(r: ReplayReport): NodeChange[] {
  const changed = r.nodes
    .filter((n) => n.changed > 0)
    .map((n) => ({ node: n.node, share: n.share, text: `changed on ${n.changed} of ${n.compared} requests (${formatShare(n.share, 0)})` }));
  const only = Object.entries(r.only_in)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([node, arm]) => ({ node, share: 1, text: arm === "candidate" ? "only in the candidate (added)" : "only in the base (removed)" }));
  return [...changed, ...only];
}

/** Nodes compared whose output never changed: reassurance that the change stayed local. */
export const unchangedCount = (r: ReplayReport) => r.nodes.filter((n) => n.changed === 0).length;

export type ItemMark = "same" | "moved" | "only" | "none";

export interface ExampleRow {
  rank: number;
  base: string | null;
  candidate: string | null;
  baseMark: ItemMark;
  candidateMark: ItemMark;
}

/** Two ranked answers side by side, rank by rank. */
export function exampleRows(base: readonly string[], candidate: readonly string[]): ExampleRow[] {
  const inBase = new Set(base);
  const inCandidate = new Set(candidate);
  const mark = (item: string | undefined, other: readonly string[], otherSet: Set<string>, rank: number): ItemMark => {
    if (item === undefined) return "none";
    if (other[rank] === item) return "same";
    return otherSet.has(item) ? "moved" : "only";
  };
  return Array.from({ length: Math.max(base.length, candidate.length) }, (_, i) => ({
    rank: i + 1,
    base: base[i] ?? null,
    candidate: candidate[i] ?? null,
    baseMark: mark(base[i], candidate, inCandidate, i),
    candidateMark: mark(candidate[i], base, inBase, i),
  }));
}

/** The report in one sentence, for the top of the panel. */
export function headline(r: ReplayReport): string {
  if (!r.requests) return "No request was replayed.";
  const errors = r.errors.reduce((n, e) => n + e.requests, 0);
  const parts = [
    `${r.requests} recorded request${r.requests === 1 ? "" : "s"} replayed`,
    `${formatShare(r.overlap_at_k.mean, 0)} of the top ${r.k} items kept on average`,
    changedNodes(r).length ? `${changedNodes(r).length} node${changedNodes(r).length === 1 ? "" : "s"} answered differently` : "no node answered differently",
  ];
  if (errors) parts.push(`${errors} node error${errors === 1 ? "" : "s"} in the candidate`);
  return `${parts.join("; ")}.`;
}
