// Layout of the Simulate tab's timeline: x = event time, one lane per unit, a dot per
// event coloured by type and a marker per match coloured by rule. Pure: pixel positions
// only, drawn as SVG by Timeline.tsx.
import { ruleColours, typeColour } from "./colours";
import { durationWords } from "./ruleWords";
import type { SimEvent, SimMatch } from "./types";

export const LABEL_W = 56;
export const LANE_H = 24;
const PAD_TOP = 8;
const PAD_RIGHT = 12;
const AXIS_H = 20;
const MAX_LANES = 40;

export interface Dot { key: string; x: number; y: number; type: string; colour: string; title: string }
export interface Marker { key: string; x: number; y: number; rule: string; colour: string; inSegment: boolean; title: string }
export interface Tick { x: number; label: string }

export interface TimelineLayout {
  width: number;
  height: number;
  plotLeft: number;
  plotRight: number;
  lanes: Array<{ unit: string; y: number }>;
  dots: Dot[];
  markers: Marker[];
  ticks: Tick[];
  /** Event types present, for the legend. */
  types: Array<{ type: string; colour: string }>;
  rules: Array<{ id: string; colour: string }>;
  /** Units left out past MAX_LANES. */
  hiddenUnits: number;
  startMs: number;
}

const STEPS_MS = [1, 10, 100, 1000, 5000, 10_000, 30_000, 60_000, 300_000, 600_000, 1_800_000, 3_600_000, 21_600_000, 43_200_000, 86_400_000];

/** The smallest "round" step that gives at most `most` intervals over `spanMs`. */
export function tickStep(spanMs: number, most = 5): number {
  return STEPS_MS.find((s) => spanMs / s <= most) ?? Math.ceil(spanMs / most / 86_400_000) * 86_400_000;
}

const relative = (ms: number) => (ms === 0 ? "0" : `+${durationWords(ms)}`);

export function layoutTimeline(events: readonly SimEvent[], matches: readonly SimMatch[], ruleIds: readonly string[], width: number): TimelineLayout {
  const times = [...events.map((e) => e.ts), ...matches.map((m) => m.match_ts)];
  const start = times.length ? Math.min(...times) : 0;
  let end = times.length ? Math.max(...times) : 1000;
  if (end <= start) end = start + 1000;

  // Lanes: units by their first event in time, then units only a match names.
  const firstSeen = new Map<string, number>();
  for (const e of [...events].sort((a, b) => a.ts - b.ts)) if (!firstSeen.has(e.unit_id)) firstSeen.set(e.unit_id, e.ts);
  for (const m of matches) if (!firstSeen.has(m.unit_id)) firstSeen.set(m.unit_id, m.match_ts);
  const units = [...firstSeen.keys()];
  const shown = units.slice(0, MAX_LANES);
  const laneY = new Map(shown.map((u, i) => [u, PAD_TOP + i * LANE_H + LANE_H / 2]));

  const plotLeft = LABEL_W;
  const plotRight = Math.max(plotLeft + 40, width - PAD_RIGHT);
  const x = (t: number) => plotLeft + ((t - start) / (end - start)) * (plotRight - plotLeft);

  const dots: Dot[] = [];
  events.forEach((e, i) => {
    const y = laneY.get(e.unit_id);
    if (y === undefined) return;
    const item = e.item_id ? ` · item ${e.item_id}` : "";
    dots.push({ key: `${e.id}#${i}`, x: x(e.ts), y, type: e.type, colour: typeColour(e.type), title: `${e.type} ${e.id} · unit ${e.unit_id} · ${relative(e.ts - start)}${item}` });
  });

  const colours = ruleColours(ruleIds);
  const markers: Marker[] = [];
  for (const m of matches) {
    const y = laneY.get(m.unit_id);
    if (y === undefined) continue;
    const where = m.in_segment ? (m.actions.length ? `runs ${m.actions.join(", ")}` : "runs no action") : "outside the segment: no action";
    markers.push({
      key: m.id, x: x(m.match_ts), y, rule: m.rule_id, colour: colours[m.rule_id] ?? "#444", inSegment: m.in_segment,
      title: `${m.rule_id} (${m.kind}) matched for ${m.unit_id} at ${relative(m.match_ts - start)}${m.key ? ` · key ${m.key}` : ""} · events ${m.event_ids.join(", ")} · ${where}`,
    });
  }

  const step = tickStep(end - start);
  const ticks: Tick[] = [];
  for (let t = 0; start + t <= end; t += step) ticks.push({ x: x(start + t), label: relative(t) });

  const present = [...new Set(events.map((e) => e.type))];
  return {
    width, height: PAD_TOP + Math.max(1, shown.length) * LANE_H + AXIS_H, plotLeft, plotRight,
    lanes: shown.map((unit) => ({ unit, y: laneY.get(unit) as number })),
    dots, markers, ticks,
    types: present.map((type) => ({ type, colour: typeColour(type) })),
    rules: ruleIds.map((id) => ({ id, colour: colours[id] as string })),
    hiddenUnits: units.length - shown.length, startMs: start,
  };
}
