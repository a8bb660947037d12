// The endpoints the KV, test-run and versions panels call (DESIGN §7).
import { api, ApiError } from "../api/client";
import type { GraphResource, Page, Problem, RunResource, VersionResource } from "../api/types";
import type { TestRunResponse } from "./runResult";

/** The saved head's KV form as `key = value` lines. */
export async function fetchKvText(graphId: number): Promise<string> {
  const response = await fetch(`/api/graphs/${graphId}/kv/?as=text`, {
    credentials: "same-origin",
    // JSON too: an invalid saved graph answers 400 with structured errors.
    headers: { Accept: "text/plain, application/json" },
  });
  const text = await response.text();
  if (response.ok) return text;
  let problems: Problem[] = [];
  try {
    const body = JSON.parse(text) as { errors?: Problem[]; detail?: string };
    problems = body.errors ?? [{ code: "http_error", node: null, field: null, message: body.detail ?? text }];
  } catch {
    problems = [{ code: "http_error", node: null, field: null, message: text || response.statusText }];
  }
  throw new ApiError(response.status, problems, {});
}

export async function importKv(kv: string | Record<string, unknown>, description: string): Promise<GraphResource> {
  return (await api.post<GraphResource>("/api/graphs/import-kv/", { kv, description })).data;
}

/** 200: the finished run; 202: {run_id, status: "queued"}, to poll with fetchRun. */
export async function postTestRun(graphId: number, context: Record<string, unknown>, serial: boolean) {
  const r = await api.post<TestRunResponse>(`/api/graphs/${graphId}/test-run/`, { context, serial });
  return { queued: r.status === 202, data: r.data };
}

export async function fetchRun(runId: string): Promise<RunResource> {
  return (await api.get<RunResource>(`/api/runs/${encodeURIComponent(runId)}/`)).data;
}

/** Every version of a graph, newest first (follows the pagination). */
export async function listVersions(graphId: number): Promise<VersionResource[]> {
  const out: VersionResource[] = [];
  let url: string | null = `/api/versions/?graph=${graphId}&limit=100`;
  while (url) {
    const page: Page<VersionResource> = (await api.get<Page<VersionResource>>(url)).data;
    out.push(...page.results.filter((v) => v.graph === graphId));
    // Same origin, whatever host name the server put in its absolute `next` link.
    const next: URL | null = page.next ? new URL(page.next, window.location.origin) : null;
    url = next ? next.pathname + next.search : null;
  }
  return out.sort((a, b) => b.number - a.number);
}

export async function snapshotVersion(graphId: number, note: string): Promise<VersionResource> {
  return (await api.post<VersionResource>(`/api/graphs/${graphId}/versions/`, { note })).data;
}

/** The problems of a failed call, for display. */
export function problemsOf(err: unknown): Problem[] {
  if (err instanceof ApiError) return err.problems;
  return [{ code: "error", node: null, field: null, message: err instanceof Error ? err.message : String(err) }];
}
