// Pure helpers of the monitoring page: chart columns, node tables, breaker display.
import type { Breaker, BreakerState, LatencySeries, NodeRow } from "./api";

export type Quantile = "p50_ms" | "p95_ms" | "p99_ms";
export const QUANTILES: readonly Quantile[] = ["p50_ms", "p95_ms", "p99_ms"];

/** uPlot's aligned data: one shared x (epoch s), one y column per line, null where absent. */
export interface ChartData {
  x: number[];
  lines: { label: string; values: (number | null)[] }[];
}

/** Every version's p50/p95/p99 as lines over the union of their time steps: versions
 *  served at different times still share one x axis, with gaps where a version had no
 *  request. */
export function latencyChart(series: readonly LatencySeries[], quantiles: readonly Quantile[] = QUANTILES): ChartData {
  const x = [...new Set(series.flatMap((s) => s.points.map((p) => p.t)))].sort((a, b) => a - b);
  const at = new Map(x.map((t, i) => [t, i]));
  const lines = series.flatMap((s) =>
    quantiles.map((qn) => {
      const values: (number | null)[] = x.map(() => null);
      for (const p of s.points) values[at.get(p.t) as number] = p[qn];
      return { label: `${s.label} ${qn.replace("_ms", "")}`, values };
    }),
  );
  return { x, lines };
}

/** Nodes that failed or timed out at least once, worst first (the API's order). */
export const failingNodes = (rows: readonly NodeRow[]) => rows.filter((r) => r.errors + r.timeouts > 0);

/** The nodes with a measured duration, slowest p99 first (ties: slower p50). */
export function slowestNodes(rows: readonly NodeRow[], n = 10): NodeRow[] {
  return rows
    .filter((r) => r.p99_ms !== null)
    .sort((a, b) => (b.p99_ms ?? 0) - (a.p99_ms ?? 0) || (b.p50_ms ?? 0) - (a.p50_ms ?? 0) || a.node.localeCompare(b.node))
    .slice(0, n);
}

/** 0.0312 → "3.1 %"; 0 → "0 %". */
export function formatRate(rate: number): string {
  if (!Number.isFinite(rate) || rate <= 0) return "0 %";
  const pct = rate * 100;
  return `${pct < 10 ? Number(pct.toFixed(1)) : Math.round(pct)} %`;
}

export function formatMs(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return "—";
  return ms < 10 ? `${Number(ms.toFixed(2))} ms` : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export const STATE_LABEL: Record<BreakerState, string> = { closed: "closed", open: "open", half_open: "half-open" };

/** Open breakers first (they are why someone opens the board), then half-open, then by node. */
export function boardOrder(breakers: readonly Breaker[]): Breaker[] {
  const rank: Record<BreakerState, number> = { open: 0, half_open: 1, closed: 2 };
  return [...breakers].sort((a, b) => (rank[a.state] ?? 3) - (rank[b.state] ?? 3) || a.node.localeCompare(b.node));
}

/** A closed breaker with an empty window has nothing to reset. */
export const resettable = (b: Breaker) => b.state !== "closed" || b.calls > 0;

/** The `since` choices of the page, as the API reads them. */
export const SINCE_CHOICES = [
  { value: "1h", label: "last hour" },
  { value: "6h", label: "last 6 hours" },
  { value: "24h", label: "last 24 hours" },
  { value: "7d", label: "last 7 days" },
] as const;

export const isSince = (v: string | null): v is (typeof SINCE_CHOICES)[number]["value"] => SINCE_CHOICES.some((c) => c.value === v);
