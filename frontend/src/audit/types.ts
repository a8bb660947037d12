// Shapes of GET /api/audit/ (webapp/audit): append-only entries, newest first.

export interface AuditEntry {
  id: number;
  actor: string | null;
  at: string;
  /** e.g. "graph.update", "bucket.save", "experiment.start". */
  action: string;
  /** app_label.model, e.g. "experiments.bucket". */
  target_type: string;
  target_id: string;
  target_label: string;
  summary: string;
  details: Record<string, unknown>;
}

export interface AuditFilters {
  action: string;
  target_type: string;
  target_id: string;
  actor: string;
  /** Local date-time text as a datetime-local input holds it ("2025-01-31T09:30"). */
  since: string;
  until: string;
}

export const NO_FILTERS: AuditFilters = { action: "", target_type: "", target_id: "", actor: "", since: "", until: "" };

/** What the server writes today (the apps' logic.py); the filter takes any text. */
export const KNOWN_ACTIONS = [
  "graph.create", "graph.update", "graph.delete", "graph.import_kv", "graph.snapshot",
  "scene.production_version", "layer.save", "layer.delete", "experiment.save", "experiment.delete",
  "experiment.start", "experiment.stop", "bucket.save", "bucket.delete", "scene.create", "scene.save",
];

export const KNOWN_TARGETS: Array<[string, string]> = [
  ["graphs.graph", "graph"], ["graphs.graphversion", "graph version"], ["scenes.scene", "scene"],
  ["experiments.layer", "layer"], ["experiments.experiment", "experiment"], ["experiments.bucket", "bucket"], ["rollouts.rollout", "rollout"],
];
