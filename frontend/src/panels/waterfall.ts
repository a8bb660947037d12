// A run's timing tree (DESIGN §3: graph → groups → nodes) as flat waterfall rows: depth
// for the indent, offset and width in % of the run for the bar.
import type { TraceEntry } from "../api/types";

export interface WaterfallRow {
  /** Unique among the rows ("node:hot", "group:recall", "graph"). */
  key: string;
  kind: TraceEntry["kind"];
  /** Node or group id; the graph's name for the root. */
  id: string;
  label: string;
  op: string | undefined;
  depth: number;
  status: string;
  startUs: number | null;
  durationUs: number | null;
  rows: number | null;
  error: string | null;
  /** % of the run's span. */
  offset: number;
  width: number;
  /** Never ran (skipped, or timed out before starting): a thin tick, not a bar. */
  marker: boolean;
}

export interface Waterfall {
  rows: WaterfallRow[];
  totalUs: number;
}

/** The narrowest bar still visible, in %: a 3 µs node next to a 60 ms run. */
export const MIN_BAR = 0.4;

function spanEnd(e: TraceEntry): number {
  let end = e.start_us != null ? e.start_us + (e.duration_us ?? 0) : 0;
  for (const c of e.children ?? []) end = Math.max(end, spanEnd(c));
  return end;
}

// Started entries in start order; those that never started after them, in trace order.
function ordered(children: readonly TraceEntry[]): TraceEntry[] {
  const started = children.filter((c) => c.start_us != null).sort((a, b) => (a.start_us as number) - (b.start_us as number));
  return [...started, ...children.filter((c) => c.start_us == null)];
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

export function waterfallRows(trace: TraceEntry | null | undefined): Waterfall {
  if (!trace) return { rows: [], totalUs: 0 };
  const origin = trace.start_us ?? 0;
  const totalUs = Math.max(trace.duration_us ?? 0, spanEnd(trace) - origin);
  const pct = (us: number) => (totalUs > 0 ? clamp(((us - origin) / totalUs) * 100, 0, 100) : 0);
  const rows: WaterfallRow[] = [];
  const walk = (e: TraceEntry, depth: number, parentOffset: number) => {
    const id = e.kind === "graph" ? (e.graph ?? e.id ?? "graph") : (e.id ?? "?");
    const marker = e.start_us == null;
    const offset = marker ? parentOffset : pct(e.start_us as number);
    const width = marker ? 0 : clamp(Math.max(MIN_BAR, totalUs > 0 ? ((e.duration_us ?? 0) / totalUs) * 100 : 100), 0, 100 - offset);
    rows.push({
      key: e.kind === "graph" ? "graph" : `${e.kind}:${id}`,
      kind: e.kind, id, label: e.label ?? id, op: e.op, depth, status: e.status,
      startUs: e.start_us, durationUs: e.duration_us, rows: e.rows ?? null, error: e.error ?? null,
      offset, width, marker,
    });
    for (const c of ordered(e.children ?? [])) walk(c, depth + 1, offset);
  };
  walk(trace, 0, 0);
  return { rows, totalUs };
}

/** Every node entry of the tree by id, for painting durations on the canvas. */
export function traceNodes(trace: TraceEntry | null | undefined): Map<string, TraceEntry> {
  const out = new Map<string, TraceEntry>();
  const walk = (e: TraceEntry) => {
    if (e.kind === "node" && e.id) out.set(e.id, e);
    (e.children ?? []).forEach(walk);
  };
  if (trace) walk(trace);
  return out;
}
