// Reads of the monitoring page: the stats endpoints (webapp/monitoring/stats_api.py), the
// breaker board and the served runs (existing APIs, read as they are).
import { api } from "../api/client";
import type { Page, RunResource } from "../api/types";

const q = encodeURIComponent;

export interface LatencyPoint {
  /** The time step's start, epoch seconds. */
  t: number;
  requests: number;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  errors: number;
  timeouts: number;
  error_rate: number;
  timeout_rate: number;
}

export interface LatencySeries {
  version: number | null;
  label: string;
  requests: number;
  points: LatencyPoint[];
}

export interface LatencyStats {
  scene: string;
  scene_id: number;
  since: string;
  step_s: number;
  runs_read: number;
  truncated: boolean;
  series: LatencySeries[];
}

export interface NodeRow {
  node: string;
  runs: number;
  ran: number;
  errors: number;
  error_rate: number;
  timeouts: number;
  timeout_rate: number;
  broken: number;
  skipped: number;
  /** How many traces the durations come from. */
  traced: number;
  p50_ms: number | null;
  p99_ms: number | null;
}

export interface NodeStats {
  scene: string;
  scene_id: number;
  runs_read: number;
  truncated: boolean;
  traces_used: number;
  traces_truncated: boolean;
  results: NodeRow[];
}

export type BreakerState = "closed" | "open" | "half_open";

export interface Breaker {
  scene: string;
  node: string;
  state: BreakerState;
  calls: number;
  failures: number;
  failure_rate: number;
  opened_at: string | null;
  next_trial_at: string | null;
  reason?: string;
}

export interface BreakerBoardData {
  enabled: boolean;
  count: number;
  results: Breaker[];
}

export interface SceneRef {
  id: number;
  slug: string;
  name: string;
}

// A run's id is a UUID string (api/types.ts' RunResource says number: not so for this API).
export interface RunRow {
  id: string;
  status: string;
  duration_us: number | null;
  version: number | null;
  unit_id: string;
  created_at: string;
}

export const fetchScenes = () => api.get<Page<SceneRef>>("/api/scenes/?limit=1000").then((r) => r.data.results);

export const fetchLatency = (scene: string, since: string) =>
  api.get<LatencyStats>(`/api/monitoring/latency/?scene=${q(scene)}&since=${q(since)}`).then((r) => r.data);

export const fetchNodes = (scene: string, since: string) =>
  api.get<NodeStats>(`/api/monitoring/nodes/?scene=${q(scene)}&since=${q(since)}`).then((r) => r.data);

export const fetchBreakers = (scene: string) => api.get<BreakerBoardData>(`/api/breakers/?scene=${q(scene)}`).then((r) => r.data);

export const resetBreaker = (scene: string, node: string) =>
  api.post<Breaker & { was: BreakerState }>(`/api/breakers/${q(scene)}/${q(node)}/reset/`).then((r) => r.data);

/** The runs list filters by the scene's id, not its slug. */
export const fetchRecentRuns = (sceneId: number, limit = 25) =>
  api.get<Page<RunRow>>(`/api/runs/?kind=serve&scene=${sceneId}&limit=${limit}`).then((r) => r.data.results);

export const fetchRun = (id: string) => api.get<RunResource>(`/api/runs/${q(id)}/`).then((r) => r.data);
