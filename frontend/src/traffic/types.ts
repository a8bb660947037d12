// Shapes of the traffic API (webapp/experiments, webapp/scenes; see /api/schema/).
import type { GraphDocument, Problem, VersionResource } from "../api/types";

export const SLOTS = 10_000;

/** What a scene serves: recommendations on request, or CEP rules on behaviour events. */
export type SceneKind = "recommend" | "rules";

export interface Scene {
  id: number;
  slug: string;
  name: string;
  description: string;
  /** Set when the scene is made; it never changes. */
  kind: SceneKind;
  /** The production GraphVersion's id; its number is `production_number`. */
  production_version: number | null;
  production_number: number | null;
  production_hash: string | null;
  /** Days and local hours in which rollouts may start or advance (empty: any time). */
  release_windows: { days: string[]; start: string; end: string }[];
  release_timezone: string;
  release_open: boolean;
  updated_at: string;
}

export interface Layer {
  id: number;
  scene: string;
  name: string;
  slug: string;
  description: string;
  salt: string;
  keys: string[];
  created_at: string;
  updated_at: string;
}

export type ExperimentStatus = "draft" | "running" | "stopped";

/** KV overrides: a string value, or null to unset the key. */
export type Overrides = Record<string, string | null>;

export interface Bucket {
  id: number;
  experiment: number;
  name: string;
  start: number;
  end: number;
  overrides: Overrides;
  created_at: string;
  updated_at: string;
}

export interface Experiment {
  id: number;
  layer: number;
  scene: string;
  name: string;
  description: string;
  status: ExperimentStatus;
  buckets: Bucket[];
  created_by: number | null;
  started_at: string | null;
  stopped_at: string | null;
  created_at: string;
  updated_at: string;
}

export type Version = VersionResource;

/** A ramp preview (POST .../preview-range/): what a range change does to live traffic. */
export interface Moved {
  moved_share: number;
  moved_slots: number;
  leaving_slots: number;
  joining_slots: number;
  sticky: boolean;
  live: boolean;
  slots: number;
}

export interface LayerAssignment {
  experiment: string;
  bucket: string;
  slot: number;
}

/** GET /api/scenes/<slug>/assignment/?unit_id= */
export interface Assignment {
  unit_id: string;
  scene: string;
  version: number | null;
  assignment: Record<string, LayerAssignment>;
  slots: Record<string, number>;
  graph_hash: string;
  overrides: Overrides;
  /** Overridden key → the slug of the layer that set it. */
  provenance: Record<string, string>;
  kv: Record<string, string>;
  document: GraphDocument | null;
  errors: Problem[];
}
