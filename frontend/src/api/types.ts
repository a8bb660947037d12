// Shapes of the Loom HTTP API (see /api/schema/). The graph document is DESIGN.md §2.

export interface Problem {
  code: string;
  node: string | null;
  field: string | null;
  message: string;
}

export interface PortSpec {
  name: string;
  type: string;
  multiple: boolean;
  required: boolean;
}

export interface OperatorEntry {
  name: string;
  title: string;
  category: string;
  description: string;
  inputs: PortSpec[];
  output: { type: string };
  params_schema: JsonSchema;
  version: string | number;
}

// A JSON Schema object as pydantic writes it; kept loose on purpose.
export type JsonSchema = { [key: string]: unknown };

export interface GraphSettings {
  timeout_ms?: number;
  max_concurrency?: number;
  output?: string;
}

export interface GroupDoc {
  id: string;
  label?: string;
  timeout_ms?: number;
  max_concurrency?: number;
}

export interface NodeDoc {
  id: string;
  op: string;
  params?: Record<string, unknown>;
  inputs?: Record<string, string[]>;
  group?: string;
  when?: string;
  unless?: string;
  optional?: boolean;
  timeout_ms?: number;
  position?: { x: number; y: number };
}

export interface GraphDocument {
  schema: 1;
  name: string;
  settings?: GraphSettings;
  groups?: GroupDoc[];
  nodes: NodeDoc[];
}

export interface GraphResource {
  id: number;
  name: string;
  description: string;
  document: GraphDocument;
  valid: boolean;
  errors: Problem[];
  config_hash: string;
  revision: number;
  etag: string;
  created_by: string | null;
  updated_by: string | null;
  created_at: string;
  updated_at: string;
}

export type GraphListItem = Pick<
  GraphResource,
  "id" | "name" | "description" | "valid" | "config_hash" | "revision" | "etag" | "updated_by" | "updated_at"
>;

export interface VersionResource {
  id: number;
  graph: number;
  graph_name: string;
  number: number;
  note: string;
  config_hash: string;
  author: string | null;
  created_at: string;
  document: GraphDocument;
  kv: Record<string, string>;
}

export type NodeStatus = "ok" | "skipped" | "failed" | "timeout" | "broken";

export interface TraceEntry {
  kind: "graph" | "group" | "node";
  id?: string;
  op?: string;
  label?: string;
  graph?: string;
  status: string;
  start_us: number | null;
  duration_us: number | null;
  rows?: number | null;
  error?: string | null;
  children?: TraceEntry[];
}

export interface RunResource {
  id: number;
  kind: string;
  status: string;
  scene: number | null;
  graph: number | null;
  version: number | null;
  config_hash: string;
  unit_id: string;
  context: Record<string, unknown>;
  serial: boolean;
  duration_us: number | null;
  node_status: Record<string, NodeStatus>;
  trace: TraceEntry | null;
  // Per node: up to 20 sample rows of its output (or the plain value).
  outputs: Record<string, unknown>;
  items: unknown[];
  errors: Problem[];
  created_at: string;
  finished_at: string | null;
}

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}
