// The replay report of a rule scene (recorded events through the rules serving now and
// the candidate's) in the shape the review page shows: figures, a pair of bars per rule,
// and the matches only one side found.
import { formatShare } from "./format";
import type { Figure } from "./replayView";
import type { RulesReport } from "./types";

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : "no change");

export function rulesHeadline(r: RulesReport): string {
  if (!r.events) return "No event was replayed.";
  const { base, candidate, both } = r.matches;
  return [
    `${plural(r.events, "recorded event")} of ${plural(r.units, "unit")} replayed`,
    `${plural(base, "match", "matches")} now, ${plural(candidate, "match", "matches")} with the candidate (${both.toLocaleString("en")} the same)`,
    r.units_changed ? `${plural(r.units_changed, "unit")} would match differently` : "every unit would match the same",
  ].join("; ") + ".";
}

export function rulesFigures(r: RulesReport): Figure[] {
  const { base, candidate, both } = r.matches;
  const larger = Math.max(base, candidate);
  return [
    {
      key: "matches", label: "Matches", value: `${base} → ${candidate}`, detail: signed(candidate - base),
      help: "Matches the rules serving now found in the recorded events, and those the candidate's rules found.",
    },
    {
      key: "same", label: "Same matches", value: formatShare(larger ? both / larger : null, 0), detail: `${both} of ${larger}`,
      help: "Matches both found: the same rule, unit and events.",
    },
    {
      key: "units", label: "Units changed", value: String(r.units_changed), detail: `of ${r.units}`,
      help: "Units for which the candidate finds other matches than the rules serving now.",
    },
    {
      key: "events", label: "Events replayed", value: r.events.toLocaleString("en"), detail: plural(r.units, "unit"),
      help: "Recorded behaviour events run through both rule sets, in event time.",
    },
  ];
}

export interface RuleBar {
  rule: string;
  op: string;
  base: number;
  candidate: number;
  /** Widths against the largest count of any rule, 0..1. */
  baseShare: number;
  candidateShare: number;
  text: string;
}

/** One pair of bars per rule, the rules that changed most first. */
export function ruleBars(r: RulesReport): RuleBar[] {
  const max = Math.max(1, ...r.rules.flatMap((x) => [x.base, x.candidate]));
  const text = (x: RulesReport["rules"][number]) => {
    if (!x.only_base && !x.only_candidate) return x.base || x.candidate ? "the same matches" : "no match on either side";
    const parts = [];
    if (x.only_candidate) parts.push(`${x.only_candidate} new`);
    if (x.only_base) parts.push(`${x.only_base} gone`);
    return parts.join(", ");
  };
  const changed = (x: RulesReport["rules"][number]) => x.only_base + x.only_candidate;
  return [...r.rules]
    .sort((a, b) => changed(b) - changed(a) || a.rule_id.localeCompare(b.rule_id))
    .map((x) => ({ rule: x.rule_id, op: x.op, base: x.base, candidate: x.candidate, baseShare: x.base / max, candidateShare: x.candidate / max, text: text(x) }));
}

export interface ExampleLine {
  key: string;
  unit: string;
  rule: string;
  side: "base" | "candidate";
  text: string;
  events: string;
  when: string;
}

export function exampleLines(r: RulesReport): ExampleLine[] {
  return r.examples.map((x, i) => ({
    key: `${x.unit_id}-${x.rule_id}-${x.side}-${i}`, unit: x.unit_id, rule: x.rule_id, side: x.side,
    text: x.side === "candidate" ? "only with the candidate" : "only with the version serving now",
    events: x.event_ids.join(", "), when: new Date(x.match_ts).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC"),
  }));
}
