// Answers of the rollouts API for the unit tests, shaped as the server sends them.
import type { AuditEntry, RecommendReport, Rollout, RulesReport } from "./types";

export const REPORT: RecommendReport = {
  requests: 6, k: 10,
  overlap_at_k: { mean: 0.6667, min: 0.5 },
  rank_correlation: { mean: 1.0, min: 0.8 },
  identical: 2,
  status: { base: { ok: 6 }, candidate: { ok: 5, failed: 1 } },
  latency: { base: { p50_ms: 2.0, p99_ms: 4.5 }, candidate: { p50_ms: 2.4, p99_ms: 130.2 }, p50_ratio: 1.2 },
  nodes: [
    { node: "top", changed: 6, compared: 6, share: 1.0 },
    { node: "hot", changed: 0, compared: 6, share: 0 },
  ],
  only_in: { boost: "candidate" },
  errors: [{ message: "boost: timed out", requests: 1 }],
  examples: [{ unit_id: "u1", overlap: 0.6667, base: ["a", "b", "c"], candidate: ["b", "a"] }],
  base_version: 1, candidate_version: 2,
};

export const RULES_REPORT: RulesReport = {
  kind: "rules", events: 1200, units: 80, base_version: 1, candidate_version: 2,
  matches: { base: 40, candidate: 52, both: 38 }, units_changed: 9,
  rules: [
    { rule_id: "cart_abandoned", op: "cep.absence", base: 30, candidate: 30, only_base: 0, only_candidate: 0 },
    { rule_id: "category_burst", op: "cep.count", base: 10, candidate: 22, only_base: 2, only_candidate: 14 },
  ],
  examples: [
    { unit_id: "u7", rule_id: "category_burst", side: "candidate", event_ids: ["e1", "e2", "e3"], match_ts: 1_700_000_000_000 },
    { unit_id: "u9", rule_id: "category_burst", side: "base", event_ids: ["e8", "e9"], match_ts: 1_700_000_060_000 },
  ],
};

export function rollout(fields: Partial<Rollout> = {}): Rollout {
  return {
    id: 7, scene: "feed", version: 2, version_number: 2, graph: 1, base_version: 1, base_number: 1,
    state: "draft", steps: [{ percent: 5, min_observation_s: 0 }, { percent: 50, min_observation_s: 60 }, { percent: 100, min_observation_s: 0 }],
    step_index: -1, percent: 0, step_started_at: null, observation_left_s: 0,
    max_error_rate_delta: 0.01, max_timeout_rate_delta: 0.01, max_p99_ratio: 1.5, min_requests: 100, auto_advance: false,
    note: "", created_by: "author", reviewed_by: null, review_comment: "", submitted_at: null, reviewed_at: null,
    started_at: null, finished_at: null, end_reason: "", actions: [], created_at: "2025-01-01T10:00:00Z", updated_at: "2025-01-01T10:00:00Z",
    ...fields,
  };
}

let nextId = 1;
export function entry(action: string, at: string, summary = "", actor: string | null = "author"): AuditEntry {
  return { id: nextId++, actor, at, action, target_type: "rollouts.rollout", target_id: "7", target_label: "", summary, details: {} };
}
