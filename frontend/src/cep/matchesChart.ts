// The matches page's chart: the loaded matches counted per rule in time buckets (by when
// they were detected), for stacked bars drawn by MatchesChart.tsx.
import { ruleColours } from "./colours";
import { durationWords } from "./ruleWords";

const BUCKETS_MS = [60_000, 300_000, 900_000, 3_600_000, 10_800_000, 21_600_000, 86_400_000, 604_800_000];

export interface ChartBucket {
  /** Start of the bucket, epoch ms. */
  t: number;
  counts: Record<string, number>;
  total: number;
}

export interface MatchesChart {
  bucketMs: number;
  bucketLabel: string;
  buckets: ChartBucket[];
  rules: Array<{ id: string; colour: string; total: number }>;
  max: number;
}

/** A bucket size giving at most `most` buckets over the span. */
export function bucketSize(spanMs: number, most = 48): number {
  return BUCKETS_MS.find((b) => spanMs / b < most) ?? Math.ceil(spanMs / most / 86_400_000) * 86_400_000;
}

export function matchesChart(rows: ReadonlyArray<{ rule: string; detected_at: string }>): MatchesChart | null {
  const points = rows.map((r) => ({ rule: r.rule, t: Date.parse(r.detected_at) })).filter((p) => Number.isFinite(p.t));
  if (!points.length) return null;
  const first = Math.min(...points.map((p) => p.t));
  const last = Math.max(...points.map((p) => p.t));
  const size = bucketSize(last - first);
  const start = Math.floor(first / size) * size;
  const count = Math.floor((last - start) / size) + 1;
  const buckets: ChartBucket[] = Array.from({ length: count }, (_, i) => ({ t: start + i * size, counts: {}, total: 0 }));
  const totals = new Map<string, number>();
  for (const p of points) {
    const b = buckets[Math.floor((p.t - start) / size)] as ChartBucket;
    b.counts[p.rule] = (b.counts[p.rule] ?? 0) + 1;
    b.total += 1;
    totals.set(p.rule, (totals.get(p.rule) ?? 0) + 1);
  }
  // Rules by name, so a rule keeps its colour as the page and filters change.
  const ids = [...totals.keys()].sort();
  const colours = ruleColours(ids);
  return {
    bucketMs: size, bucketLabel: durationWords(size), buckets,
    rules: ids.map((id) => ({ id, colour: colours[id] as string, total: totals.get(id) as number })),
    max: Math.max(...buckets.map((b) => b.total)),
  };
}
