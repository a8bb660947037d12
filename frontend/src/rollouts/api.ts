// The rollout pages' calls (webapp/rollouts/api.py, the scene kill switch, the audit log).
// Lists are paginated (LimitOffsetPagination); the pages read one large page.
import { api, ApiError } from "../api/client";
import type { Page, Problem, VersionResource } from "../api/types";
import type {
  AuditEntry, GraphItem, Guardrails, Metrics, Replay, Rollout, RolloutInput, SceneItem,
} from "./types";

const q = encodeURIComponent;
const data = <T>(r: { data: T }) => r.data;

export interface RolloutFilter {
  scene?: string;
  state?: string;
}

export function rolloutListUrl(filter: RolloutFilter): string {
  const params = ["limit=200"];
  if (filter.scene) params.push(`scene=${q(filter.scene)}`);
  if (filter.state) params.push(`state=${q(filter.state)}`);
  return `/api/rollouts/?${params.join("&")}`;
}

export const fetchRollouts = (filter: RolloutFilter) =>
  api.get<Page<Rollout>>(rolloutListUrl(filter)).then((r) => r.data.results);
export const fetchRollout = (id: number) => api.get<Rollout>(`/api/rollouts/${id}/`).then(data);
export const createRollout = (body: RolloutInput) => api.post<Rollout>("/api/rollouts/", body).then(data);

/** The lifecycle actions the API takes as POST /api/rollouts/<id>/<action>/. */
export type PostAction = "submit" | "approve" | "reject" | "start" | "advance" | "pause" | "resume" | "rollback";

export const act = (id: number, action: PostAction, body: Record<string, string> = {}) =>
  api.post<Rollout>(`/api/rollouts/${id}/${action}/`, body).then(data);

export const deleteRollout = (id: number) => api.del<null>(`/api/rollouts/${id}/`);

/** The kill switch: the scene goes back to its last good version at once. */
export const killScene = (slug: string, reason: string) =>
  api.post<Rollout>(`/api/scenes/${q(slug)}/kill/`, { reason }).then(data);

export const fetchGuardrails = (id: number) => api.get<Guardrails>(`/api/rollouts/${id}/guardrails/`).then(data);
export const fetchMetrics = (id: number, stepS: number) =>
  api.get<Metrics>(`/api/rollouts/${id}/metrics/?step_s=${stepS}`).then(data);

/** The latest replay, or null when none was run (the API answers 404 then). */
export async function fetchReplay(id: number): Promise<Replay | null> {
  try {
    return (await api.get<Replay>(`/api/rollouts/${id}/replay/`)).data;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}
export const startReplay = (id: number) => api.post<Replay>(`/api/rollouts/${id}/replay/`).then(data);

/** Every transition of one rollout, oldest first (the log answers newest first). */
export const fetchRolloutAudit = (id: number) =>
  api
    .get<Page<AuditEntry>>(`/api/audit/?target_type=rollouts.rollout&target_id=${id}&limit=500`)
    .then((r) => [...r.data.results].reverse());

export const fetchScenes = () => api.get<Page<SceneItem>>("/api/scenes/?limit=1000").then((r) => r.data.results);
export const fetchScene = (slug: string) => api.get<SceneItem>(`/api/scenes/${q(slug)}/`).then(data);
export const fetchGraphs = () => api.get<Page<GraphItem>>("/api/graphs/?limit=1000").then((r) => r.data.results);
/** A graph's versions, newest first (GET /api/graphs/<id>/versions/ is not paginated). */
export const fetchGraphVersions = (graphId: number) =>
  api.get<VersionResource[]>(`/api/graphs/${graphId}/versions/`).then((r) => [...r.data].sort((a, b) => b.number - a.number));
export const fetchVersion = (id: number) => api.get<VersionResource>(`/api/versions/${id}/`).then(data);

/** A failed call in plain words: the server's messages, one per problem. */
export function problemsOf(err: unknown): Problem[] {
  if (err instanceof ApiError) return err.problems;
  return [{ code: "error", node: null, field: null, message: err instanceof Error ? err.message : String(err) }];
}
