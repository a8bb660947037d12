// Shapes of the rollouts API (webapp/rollouts/serializers.py, api.py, compare.py) and the
// few other answers the rollout pages read (audit entries, scenes, graph lists).

export type RolloutState =
  | "draft" | "in_review" | "approved" | "rejected" | "rolling_out" | "paused" | "completed" | "rolled_back";

/** What the requesting user may do now, as the server decides (four eyes included). */
export type RolloutAction =
  | "submit" | "edit" | "delete" | "replay" | "approve" | "reject" | "start" | "advance" | "pause" | "resume" | "rollback";

export interface Step {
  percent: number;
  min_observation_s: number;
}

export interface Rollout {
  id: number;
  scene: string;
  version: number;
  version_number: number;
  graph: number;
  base_version: number | null;
  base_number: number | null;
  state: RolloutState;
  steps: Step[];
  /** -1 before the start. */
  step_index: number;
  /** The candidate's share of traffic now. */
  percent: number;
  step_started_at: string | null;
  /** Seconds until the current step has been watched long enough (at answer time). */
  observation_left_s: number;
  max_error_rate_delta: number;
  max_timeout_rate_delta: number;
  max_p99_ratio: number;
  min_requests: number;
  auto_advance: boolean;
  note: string;
  created_by: string | null;
  reviewed_by: string | null;
  review_comment: string;
  submitted_at: string | null;
  reviewed_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  end_reason: string;
  actions: RolloutAction[];
  created_at: string;
  updated_at: string;
}

/** The body of POST /api/rollouts/. */
export interface RolloutInput {
  scene: string;
  version: number;
  steps: Step[];
  max_error_rate_delta: number;
  max_timeout_rate_delta: number;
  max_p99_ratio: number;
  min_requests: number;
  auto_advance: boolean;
  note: string;
}

export interface ArmStats {
  requests: number;
  errors: number;
  timeouts: number;
  p50_ms: number | null;
  p99_ms: number | null;
  error_rate: number;
  timeout_rate: number;
}

export interface Guardrails {
  /** null while the canary has too few requests to judge. */
  healthy: boolean | null;
  breaches: string[];
  canary: ArmStats;
  control: ArmStats;
  thresholds: {
    max_error_rate_delta: number;
    max_timeout_rate_delta: number;
    max_p99_ratio: number;
    min_requests: number;
  };
}

export interface MetricsPoint {
  /** ISO time of the start of the time step. */
  t: string;
  canary?: ArmStats;
  control?: ArmStats;
}

export interface Metrics {
  step_s: number;
  points: MetricsPoint[];
}

export interface Summary {
  mean: number | null;
  min: number | null;
}

export interface Latency {
  p50_ms: number | null;
  p99_ms: number | null;
}

/** The replay report of a recommend scene: recorded requests through both versions. */
export interface RecommendReport {
  kind?: "recommend";
  requests: number;
  k: number;
  overlap_at_k: Summary;
  rank_correlation: Summary;
  /** How many requests got the very same items in the same order (a count, not a share). */
  identical: number;
  status: { base: Record<string, number>; candidate: Record<string, number> };
  latency: { base: Latency; candidate: Latency; p50_ratio: number | null };
  nodes: Array<{ node: string; changed: number; compared: number; share: number }>;
  /** Nodes only one of the two graphs has: node id -> "base" | "candidate". */
  only_in: Record<string, string>;
  errors: Array<{ message: string; requests: number }>;
  examples: Array<{ unit_id: string; overlap: number; base: string[]; candidate: string[] }>;
  base_version?: number;
  candidate_version?: number;
}

/** The replay report of a rule scene: recorded behaviour events through both rule sets. */
export interface RulesReport {
  kind: "rules";
  events: number;
  units: number;
  base_version: number;
  candidate_version: number;
  /** Matches each side found, and how many both found (the same rule, unit and events). */
  matches: { base: number; candidate: number; both: number };
  /** Units whose matches differ between the two. */
  units_changed: number;
  rules: Array<{ rule_id: string; op: string; base: number; candidate: number; only_base: number; only_candidate: number }>;
  examples: Array<{ unit_id: string; rule_id: string; side: "base" | "candidate"; event_ids: string[]; match_ts: number }>;
}

export type ReplayReport = RecommendReport | RulesReport;

export const isRulesReport = (r: ReplayReport): r is RulesReport => r.kind === "rules";

export type ReplayStatus = "queued" | "running" | "done" | "failed";

export interface Replay {
  id: number;
  rollout: number;
  status: ReplayStatus;
  /** Requests, or events for a rule scene. */
  total: number;
  done: number;
  progress: number;
  report: ReplayReport | null;
  error: string;
  created_at: string;
  finished_at: string | null;
}

export type { AuditEntry } from "../audit/types";

export interface SceneItem {
  slug: string;
  name: string;
  kind?: "recommend" | "rules";
  production_version: number | null;
  production_number: number | null;
  /** Whether a rollout may start or advance now (its release windows). */
  release_open?: boolean;
}

export interface GraphItem {
  id: number;
  name: string;
}
