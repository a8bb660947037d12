// Events that would fire each rule of a rule graph, for the editor's Simulate tab: each
// pattern node gets its own unit (u1, u2, …) so one rule's events never cancel another's
// (an absence's order, a sequence's step), and its events fit well inside its window.
import type { GraphDocument } from "../api/types";
import { ruleOfNode } from "./ruleWords";
import type { RuleSpec, SimEvent, Step } from "./types";

export interface Sample {
  events: SimEvent[];
  /** Pattern nodes left out, and conditions the sample could not satisfy, in words. */
  notes: string[];
}

const MAX_GAP_MS = 60_000;
const ITEM = "i1";

type Literal = string | number | boolean;
const CLAUSE = /^\(?\s*(event|unit)\s*\.\s*(attributes\s*\.\s*)?([A-Za-z_][A-Za-z0-9_]*)\s*==\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|-?\d+(?:\.\d+)?|true|false)\s*\)?$/;

interface Equality {
  on: "event" | "unit";
  attribute: boolean;
  name: string;
  value: Literal;
}

function literal(text: string): Literal {
  if (text === "true" || text === "false") return text === "true";
  if (/^['"]/.test(text)) return text.slice(1, -1).replace(/\\(.)/g, "$1");
  return Number(text);
}

/** `a == "x" && event.attributes.b == 2` → its equalities; null when it is anything else. */
export function equalities(expression: string): Equality[] | null {
  const out: Equality[] = [];
  for (const clause of expression.split("&&")) {
    const m = CLAUSE.exec(clause.trim());
    if (!m) return null;
    out.push({ on: m[1] as "event" | "unit", attribute: !!m[2], name: m[3] as string, value: literal(m[4] as string) });
  }
  return out;
}

/** Spacing of n events that must fit strictly inside `spanMs`. */
export function gapFor(n: number, spanMs: number): number {
  if (n <= 1) return 0;
  return Math.max(1, Math.min(MAX_GAP_MS, Math.floor((spanMs - 1) / (n - 1))));
}

function stepsOf(rule: RuleSpec): Step[] {
  const p = rule.pattern;
  if (p.kind === "sequence") return p.steps;
  if (p.kind === "count") return Array.from({ length: p.min_count }, () => p.step);
  return [p.step]; // an absence: the trigger only, nothing answers it
}

function spanOf(rule: RuleSpec): number {
  return rule.pattern.kind === "count" ? rule.pattern.window_ms : rule.pattern.within_ms;
}

export function sampleEvents(doc: GraphDocument, startMs: number): Sample {
  const events: SimEvent[] = [];
  const notes = new Set<string>();
  let unitNo = 0;
  for (const node of doc.nodes) {
    const parsed = ruleOfNode(node);
    if ("error" in parsed) {
      if (node.op.startsWith("cep.")) notes.add(`${node.id}: left out, it ${parsed.error}`);
      continue;
    }
    const { rule, segment } = parsed;
    unitNo += 1;
    let unit = `u${unitNo}`;
    const shared: Record<string, unknown> = {};
    if (rule.group_by?.startsWith("attributes.")) {
      const name = rule.group_by.slice("attributes.".length);
      shared[name] = `${name}_1`;
    }
    if (segment) {
      const eqs = equalities(segment);
      if (!eqs) notes.add(`${node.id}: its segment is not a plain comparison, so the sample may fall outside it`);
      for (const eq of eqs ?? []) {
        if (eq.on === "unit" && eq.attribute) shared[eq.name] = eq.value;
        else if (eq.on === "unit" && eq.name === "id") unit = String(eq.value);
      }
    }
    const steps = stepsOf(rule);
    const gap = gapFor(steps.length, spanOf(rule));
    steps.forEach((step, i) => {
      const event: SimEvent = { id: `e${events.length + 1}`, unit_id: unit, type: step.type, item_id: ITEM, ts: startMs + i * gap };
      const attributes: Record<string, unknown> = { ...shared };
      if (step.where) {
        const eqs = equalities(step.where);
        if (!eqs) notes.add(`${node.id}: a step's condition (${step.where}) is not a plain comparison: edit its events by hand`);
        for (const eq of eqs ?? []) {
          if (eq.on !== "event") continue;
          if (eq.attribute) attributes[eq.name] = eq.value;
          else if (eq.name === "item_id") event.item_id = String(eq.value);
        }
      }
      if (Object.keys(attributes).length) event.attributes = attributes;
      events.push(event);
    });
  }
  if (!unitNo) notes.add("The graph has no complete pattern node to fire.");
  return { events, notes: [...notes] };
}
