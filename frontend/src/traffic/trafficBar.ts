// A layer's 10,000 slots as bar segments: running experiments' buckets on the live lane,
// drafts on a lane of their own (a draft may claim slots a running experiment holds; it
// is checked when it starts). Stopped experiments carry no traffic and are not drawn.
import { SLOTS, type Experiment, type ExperimentStatus } from "./types";

export interface Segment {
  bucketId: number;
  experimentId: number;
  label: string;
  start: number;
  end: number;
  /** Left edge and width as percentages of the bar. */
  left: number;
  width: number;
  /** e.g. "12.5%". */
  share: string;
  /** "slots 0–1249 (12.5%)", for the hover title. */
  range: string;
  status: ExperimentStatus;
  /** Index into the palette: one colour per experiment. */
  colour: number;
}

export interface Lane {
  kind: "running" | "draft";
  segments: Segment[];
  /** Slots no bucket of the lane holds. */
  free: number;
}

export const PALETTE_SIZE = 8;

/** 1250 slots → "12.5%", 3 → "0.03%": enough digits to tell small ramps apart. */
export function formatShare(slots: number): string {
  const pct = (slots / SLOTS) * 100;
  const text = pct >= 10 || pct === 0 ? pct.toFixed(1) : pct >= 1 ? pct.toFixed(2) : pct.toPrecision(2);
  return `${text.replace(/\.?0+$/, "") || "0"}%`;
}

/** [start, end) as the reader counts: first and last slot, inclusive. */
export function formatRange(start: number, end: number): string {
  return `slots ${start}–${end - 1} (${formatShare(end - start)})`;
}

export function layerLanes(experiments: readonly Experiment[]): Lane[] {
  const lanes: Lane[] = [];
  const colourOf = new Map(experiments.map((e, i) => [e.id, i % PALETTE_SIZE]));
  for (const kind of ["running", "draft"] as const) {
    const shown = experiments.filter((e) => e.status === kind);
    if (kind === "draft" && !shown.length) continue;
    const segments = shown
      .flatMap((e) =>
        e.buckets.map((b) => ({
          bucketId: b.id, experimentId: e.id, label: `${e.name} / ${b.name}`, start: b.start, end: b.end,
          left: (b.start / SLOTS) * 100, width: ((b.end - b.start) / SLOTS) * 100,
          share: formatShare(b.end - b.start), range: formatRange(b.start, b.end), status: e.status, colour: colourOf.get(e.id) ?? 0,
        })),
      )
      .sort((a, b) => a.start - b.start);
    lanes.push({ kind, segments, free: SLOTS - covered(segments) });
  }
  return lanes;
}

/** Slots covered by at least one segment (draft lanes may overlap themselves). */
function covered(segments: readonly Segment[]): number {
  let total = 0;
  let reach = 0;
  for (const s of segments) {
    const from = Math.max(s.start, reach);
    if (s.end > from) total += s.end - from;
    reach = Math.max(reach, s.end);
  }
  return total;
}
