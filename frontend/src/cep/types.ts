// Shapes of the CEP API (webapp/cep: api.py, ruleset.py, simulate.py; see /api/schema/).
import type { Problem } from "../api/types";

export const EVENT_TYPES = ["click", "fav", "cart", "order", "play", "expose"] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export type PatternKind = "sequence" | "count" | "absence";

/** One event step of a pattern: a type and an optional CEL predicate over `event`. */
export interface Step {
  type: EventType;
  where?: string | null;
}

export type Pattern =
  | { kind: "sequence"; steps: Step[]; within_ms: number }
  | { kind: "count"; step: Step; min_count: number; window_ms: number }
  | { kind: "absence"; step: Step; absent: Step; within_ms: number };

/** A rule as the matcher runs it (webapp/cep/rule.py `Rule`). */
export interface RuleSpec {
  id: string;
  pattern: Pattern;
  group_by: string | null;
  lateness_ms: number;
  cooldown_ms: number;
}

/** GET /api/cep/scenes/<slug>/rules/: the production version's compiled rules. */
export interface CompiledRule {
  id: string;
  op: string;
  fingerprint: string;
  rule: RuleSpec;
  segment: string | null;
  test_context: Record<string, unknown>;
}

export interface SceneRules {
  scene: string;
  version: number | null;
  graph_hash: string | null;
  rules: CompiledRule[];
  problems: Problem[];
  warnings: Problem[];
}

/** What one action node of a match did (`actions` of a Match row). */
export interface ActionOutcome {
  op: string;
  status: string;
  output?: unknown;
  error?: string;
  /** How a queued run (action.run_graph) fared. */
  queue?: string;
}

/** GET /api/cep/matches/: one match a rule scene fired. */
export interface MatchRow {
  id: number;
  match_id: string;
  scene: string;
  version: number | null;
  config_hash: string;
  rollout: number | null;
  arm: string;
  rule: string;
  kind: PatternKind | string;
  unit_id: string;
  key: string;
  event_ids: string[];
  /** Event time the match completed, epoch ms. */
  match_ts: number;
  detected_at: string;
  status: string;
  actions: Record<string, ActionOutcome>;
  records: Array<{ label: string; data: Record<string, unknown> }>;
  /** The served run of the rule graph (a UUID). */
  run: string | null;
}

/** One behaviour event as POST /api/events/ and the simulator take it. */
export interface SimEvent {
  id: string;
  unit_id: string;
  type: EventType;
  item_id?: string | null;
  ts: number;
  attributes?: Record<string, unknown>;
}

export interface SimMatch {
  id: string;
  rule_id: string;
  unit_id: string;
  kind: PatternKind;
  key: string | null;
  event_ids: string[];
  match_ts: number;
  in_segment: boolean;
  /** Action node ids a match of this rule would run (none when out of segment). */
  actions: string[];
}

export interface SimStats {
  events: number;
  duplicates: number;
  late: number;
  units: number;
  matches: number;
  out_of_segment: number;
}

/** POST /api/cep/simulate/ */
export interface Simulation {
  rules: Array<{ id: string; op: string; kind: PatternKind; segment: string | null }>;
  problems: Problem[];
  warnings: Problem[];
  stats: SimStats;
  per_rule: Record<string, number>;
  matches: SimMatch[];
  until_ms: number;
}
