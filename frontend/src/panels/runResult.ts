// One shape for a finished test run, whether it came back from POST test-run (200) or
// from polling GET /api/runs/<id>/ after a 202.
import type { NodeStatus, Problem, RunResource, TraceEntry } from "../api/types";
import type { NodeDecoration } from "../lib/flow";
import { traceNodes } from "./waterfall";

export const FINISHED = ["ok", "degraded", "failed", "timeout", "error"] as const;
export const isFinished = (status: string) => (FINISHED as readonly string[]).includes(status);

/** POST /api/graphs/<id>/test-run/ when the run finished in time. */
export interface TestRunResponse {
  run_id: string;
  status: string;
  graph_hash?: string | null;
  duration_us?: number | null;
  node_status?: Record<string, NodeStatus>;
  outputs?: Record<string, unknown>;
  trace?: TraceEntry | null;
  output?: unknown;
  errors?: Problem[];
}

export interface RunOutcome {
  runId: string;
  status: string;
  graphHash: string | null;
  durationUs: number | null;
  nodeStatus: Record<string, string>;
  outputs: Record<string, unknown>;
  trace: TraceEntry | null;
  output: unknown;
  errors: Problem[];
}

export function fromResponse(r: TestRunResponse): RunOutcome {
  return {
    runId: String(r.run_id), status: r.status, graphHash: r.graph_hash ?? null, durationUs: r.duration_us ?? null,
    nodeStatus: r.node_status ?? {}, outputs: r.outputs ?? {}, trace: r.trace ?? null, output: r.output ?? null,
    errors: r.errors ?? [],
  };
}

export function fromRunResource(r: RunResource): RunOutcome {
  return {
    runId: String(r.id), status: r.status, graphHash: r.config_hash || null, durationUs: r.duration_us,
    nodeStatus: r.node_status ?? {}, outputs: r.outputs ?? {}, trace: r.trace, output: r.items ?? null,
    errors: r.errors ?? [],
  };
}

/** Status and duration per node, as the canvas paints them. */
export function runDecorations(run: RunOutcome): Record<string, NodeDecoration> {
  const timings = traceNodes(run.trace);
  const out: Record<string, NodeDecoration> = {};
  const ids = new Set([...Object.keys(run.nodeStatus), ...timings.keys()]);
  for (const id of ids) {
    const t = timings.get(id);
    const status = run.nodeStatus[id] ?? t?.status;
    const error = t?.error ?? run.errors.find((p) => p.node === id)?.message;
    out[id] = {
      ...(status ? { status } : {}),
      ...(t?.duration_us != null ? { durationUs: t.duration_us } : {}),
      ...(error ? { note: `${status ?? "failed"}: ${error}` } : {}),
    };
  }
  return out;
}

export const RUN_STATUS_TEXT: Record<string, string> = {
  ok: "OK",
  degraded: "Degraded (optional nodes skipped)",
  failed: "Failed",
  timeout: "Timed out",
  error: "Could not run",
  queued: "Queued",
  running: "Running",
};
