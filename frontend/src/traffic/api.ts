// Reads and writes of the traffic API. Lists are paginated (LimitOffsetPagination); a
// scene has few layers and experiments, so one large page is read whole.
import { api, request } from "../api/client";
import type { Page } from "../api/types";
import type { Assignment, Bucket, Experiment, Layer, Moved, Overrides, Scene, Version } from "./types";

const ALL = "limit=1000";
const q = encodeURIComponent;

export const fetchScenes = () => api.get<Page<Scene>>(`/api/scenes/?${ALL}`).then((r) => r.data.results);
export const fetchScene = (slug: string) => api.get<Scene>(`/api/scenes/${q(slug)}/`).then((r) => r.data);
export const fetchVersion = (id: number) => api.get<Version>(`/api/versions/${id}/`).then((r) => r.data);

/** Every scene's layers, or one scene's. */
export const fetchLayers = (scene?: string) =>
  api.get<Page<Layer>>(`/api/layers/?${ALL}${scene ? `&scene=${q(scene)}` : ""}`).then((r) => r.data.results);

export const fetchExperiments = (filter: { scene?: string; status?: string } = {}) => {
  const params = [ALL, filter.scene && `scene=${q(filter.scene)}`, filter.status && `status=${q(filter.status)}`];
  return api.get<Page<Experiment>>(`/api/experiments/?${params.filter(Boolean).join("&")}`).then((r) => r.data.results);
};

export const fetchAssignment = (slug: string, unitId: string) =>
  api.get<Assignment>(`/api/scenes/${q(slug)}/assignment/?unit_id=${q(unitId)}`).then((r) => r.data);

export interface LayerInput {
  scene: string;
  name: string;
  slug: string;
  description: string;
  keys: string[];
}

export interface ExperimentInput {
  layer: number;
  name: string;
  description: string;
}

export interface BucketInput {
  experiment: number;
  name: string;
  start: number;
  end: number;
  overrides: Overrides;
}

/** Create (no id) or update (PATCH: fields placing the object are create-only). */
function save<T>(collection: string, id: number | null, body: object): Promise<T> {
  const url = id === null ? `/api/${collection}/` : `/api/${collection}/${id}/`;
  return (id === null ? api.post<T>(url, body) : request<T>("PATCH", url, body)).then((r) => r.data);
}

export const saveLayer = (id: number | null, body: LayerInput) => save<Layer>("layers", id, body);
export const saveExperiment = (id: number | null, body: ExperimentInput) => save<Experiment>("experiments", id, body);
export const saveBucket = (id: number | null, body: BucketInput) => save<Bucket>("buckets", id, body);

export const deleteLayer = (id: number) => api.del<null>(`/api/layers/${id}/`);
export const deleteExperiment = (id: number) => api.del<null>(`/api/experiments/${id}/`);
export const deleteBucket = (id: number) => api.del<null>(`/api/buckets/${id}/`);

export const startExperiment = (id: number) => api.post<Experiment>(`/api/experiments/${id}/start/`).then((r) => r.data);
export const stopExperiment = (id: number) => api.post<Experiment>(`/api/experiments/${id}/stop/`).then((r) => r.data);

export const previewBucketRange = (id: number, start: number, end: number) =>
  api.post<Moved>(`/api/buckets/${id}/preview-range/`, { start, end }).then((r) => r.data);
