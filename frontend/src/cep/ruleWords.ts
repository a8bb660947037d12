// A rule in plain words: "cart then no order within 30 min, per unit, segment: …". Works on
// the compiled rule the API lists and on a pattern node's params as the editor holds them.
import type { NodeDoc } from "../api/types";
import { EVENT_TYPES, type EventType, type Pattern, type PatternKind, type RuleSpec, type Step } from "./types";

const UNITS: Array<[number, string, string]> = [
  [86_400_000, "day", "days"],
  [3_600_000, "h", "h"],
  [60_000, "min", "min"],
  [1000, "s", "s"],
];

/** 1_800_000 → "30 min", 5_400_000 → "1 h 30 min", 1500 → "1.5 s", 250 → "250 ms". */
export function durationWords(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  for (const [i, [size, one, many]] of UNITS.entries()) {
    if (ms < size) continue;
    const whole = Math.floor(ms / size);
    const rest = ms - whole * size;
    const head = `${whole} ${whole === 1 ? one : many}`;
    if (!rest) return head;
    // One smaller unit at most: "1 h 30 min", never "1 h 30 min 5 s".
    const next = UNITS[i + 1];
    if (next && rest % next[0] === 0) {
      const n = rest / next[0];
      return `${head} ${n} ${n === 1 ? next[1] : next[2]}`;
    }
    return size === 1000 ? `${Number((ms / 1000).toFixed(2))} s` : `${Number((ms / size).toFixed(1))} ${many}`;
  }
  return `${ms} ms`;
}

export function stepWords(step: Step): string {
  return step.where ? `${step.type} (where ${step.where})` : step.type;
}

/** Whose events make one match: the unit's, or the unit's for one item or attribute. */
export function groupWords(groupBy: string | null | undefined): string {
  if (!groupBy) return "per unit";
  if (groupBy === "item_id") return "per unit and item";
  return `per unit and ${groupBy.replace(/^attributes\./, "")}`;
}

export function patternWords(p: Pattern): string {
  switch (p.kind) {
    case "sequence":
      return `${p.steps.map(stepWords).join(" then ")} within ${durationWords(p.within_ms)}`;
    case "count":
      return `at least ${p.min_count} ${stepWords(p.step)} event${p.min_count === 1 ? "" : "s"} within ${durationWords(p.window_ms)}`;
    case "absence":
      return `${stepWords(p.step)} then no ${stepWords(p.absent)} within ${durationWords(p.within_ms)}`;
  }
}

/** The whole rule in one line. */
export function ruleWords(rule: Pick<RuleSpec, "pattern" | "group_by" | "cooldown_ms">, segment?: string | null): string {
  const parts = [patternWords(rule.pattern), groupWords(rule.group_by)];
  if (rule.cooldown_ms > 0) parts.push(`at most one match per ${durationWords(rule.cooldown_ms)}`);
  if (segment) parts.push(`segment: ${segment}`);
  return parts.join(", ");
}

export const KIND_OF_OP: Record<string, PatternKind> = { "cep.sequence": "sequence", "cep.count": "count", "cep.absence": "absence" };

export const isPatternOp = (op: string) => op in KIND_OF_OP;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v > 0;

function stepOf(v: unknown): Step | null {
  if (!isObj(v) || !EVENT_TYPES.includes(v.type as EventType)) return null;
  return { type: v.type as EventType, where: typeof v.where === "string" && v.where.trim() ? v.where : null };
}

/** A pattern node's params as a rule (defaults filled in), or why it is not one yet. */
export function ruleOfNode(node: Pick<NodeDoc, "id" | "op" | "params">): { rule: RuleSpec; segment: string | null } | { error: string } {
  const kind = KIND_OF_OP[node.op];
  if (!kind) return { error: `${node.op} is not a pattern` };
  const p = node.params ?? {};
  let pattern: Pattern;
  if (kind === "sequence") {
    const steps = Array.isArray(p.steps) ? p.steps.map(stepOf) : [];
    if (steps.length < 2 || steps.some((s) => s === null)) return { error: "needs at least two steps, each with an event type" };
    if (!isInt(p.within_ms)) return { error: "needs within_ms" };
    pattern = { kind, steps: steps as Step[], within_ms: p.within_ms };
  } else if (kind === "count") {
    const step = stepOf(p.step);
    if (!step) return { error: "needs a step with an event type" };
    if (!isInt(p.min_count) || !isInt(p.window_ms)) return { error: "needs min_count and window_ms" };
    pattern = { kind, step, min_count: p.min_count, window_ms: p.window_ms };
  } else {
    const step = stepOf(p.step);
    const absent = stepOf(p.absent);
    if (!step || !absent) return { error: "needs a step and an absent step, each with an event type" };
    if (!isInt(p.within_ms)) return { error: "needs within_ms" };
    pattern = { kind, step, absent, within_ms: p.within_ms };
  }
  const num = (v: unknown, fallback: number) => (typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : fallback);
  return {
    rule: {
      id: node.id,
      pattern,
      group_by: typeof p.group_by === "string" && p.group_by ? p.group_by : null,
      lateness_ms: num(p.lateness_ms, 1000),
      cooldown_ms: num(p.cooldown_ms, 0),
    },
    segment: typeof p.segment === "string" && p.segment.trim() ? p.segment : null,
  };
}

/** A pattern node's rule in one line ("when …"), or null for any other node. */
export function nodeRuleWords(node: Pick<NodeDoc, "id" | "op" | "params">): string | null {
  if (!isPatternOp(node.op)) return null;
  const parsed = ruleOfNode(node);
  return "error" in parsed ? `Unfinished rule: it ${parsed.error}` : `Fires on ${ruleWords(parsed.rule, parsed.segment)}`;
}
