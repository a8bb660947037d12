// The test-run panel's state lives outside the component: switching tabs unmounts the
// panel, and a run (or its polling) must go on and stay visible.
import { create } from "zustand";
import type { Problem } from "../api/types";
import { useEditor } from "../editor/store";
import { fetchRun, postTestRun, problemsOf } from "./api";
import { fromResponse, fromRunResource, isFinished, runDecorations, type RunOutcome } from "./runResult";

export type RunPhase = "idle" | "running" | "polling";

interface RunState {
  graphId: number | null;
  phase: RunPhase;
  startedAt: number;
  runId: string | null;
  outcome: RunOutcome | null;
  problems: Problem[];
  /** The "serial" checkbox: kept here so it outlives a tab switch. */
  serial: boolean;
}

export const useRunStore = create<RunState>()(() => ({
  graphId: null, phase: "idle", startedAt: 0, runId: null, outcome: null, problems: [], serial: false,
}));

const POLL_MS = 500;
const POLL_LIMIT_MS = 10 * 60 * 1000;
let current = 0;

const sleep = (ms: number) => new Promise((resolve) => window.setTimeout(resolve, ms));

async function poll(runId: string, token: number): Promise<RunOutcome | null> {
  const deadline = Date.now() + POLL_LIMIT_MS;
  while (Date.now() < deadline) {
    await sleep(POLL_MS);
    if (token !== current) return null;
    const run = await fetchRun(runId);
    if (isFinished(run.status)) return fromRunResource(run);
  }
  throw new Error(`run ${runId} has not finished after ${POLL_LIMIT_MS / 60000} minutes; it may still finish (GET /api/runs/${runId}/)`);
}

/** Run the graph's saved head; paint node statuses on the canvas when it is done. */
export async function startTestRun(graphId: number, context: Record<string, unknown>, serial: boolean): Promise<void> {
  const token = ++current;
  useRunStore.setState({ graphId, phase: "running", startedAt: Date.now(), runId: null, outcome: null, problems: [] });
  useEditor.getState().setDecorations({});
  try {
    const { queued, data } = await postTestRun(graphId, context, serial);
    let outcome: RunOutcome | null = fromResponse(data);
    if (queued) {
      useRunStore.setState({ phase: "polling", runId: String(data.run_id) });
      outcome = await poll(String(data.run_id), token);
    }
    if (token !== current || !outcome) return;
    useRunStore.setState({ phase: "idle", outcome, runId: outcome.runId });
    const editor = useEditor.getState();
    if (editor.graphId === graphId) editor.setDecorations(runDecorations(outcome));
  } catch (err) {
    if (token === current) useRunStore.setState({ phase: "idle", problems: problemsOf(err) });
  }
}

/** Forget the run and take its paint off the canvas. */
export function clearTestRun(): void {
  current++;
  useRunStore.setState({ phase: "idle", outcome: null, problems: [], runId: null });
  useEditor.getState().setDecorations({});
}
