// The Simulate tab's state lives outside the component (switching tabs unmounts it): the
// events typed per graph (kept in localStorage, even half-written), the last simulation
// and the events it ran on (the timeline draws those, not what was typed since).
import { create } from "zustand";
import { ApiError } from "../api/client";
import type { GraphDocument, Problem } from "../api/types";
import { simulate } from "../cep/api";
import type { SimEvent, Simulation } from "../cep/types";
import { problemsOf } from "../traffic/problems";

interface SimState {
  graphId: number | null;
  text: string;
  running: boolean;
  startedAt: number;
  result: Simulation | null;
  ran: SimEvent[];
  problems: Problem[];
  /** What Sample events could not do, in words. */
  notes: string[];
}

export const useSimStore = create<SimState>()(() => ({
  graphId: null, text: "", running: false, startedAt: 0, result: null, ran: [], problems: [], notes: [],
}));

const key = (graphId: number) => `loom.simulate.events.${graphId}`;
let current = 0;

/** Point the tab at a graph: its stored events, nothing run yet. */
export function openSimulation(graphId: number): void {
  if (useSimStore.getState().graphId === graphId) return;
  current++;
  let text = "";
  try {
    text = localStorage.getItem(key(graphId)) ?? "";
  } catch {
    // storage disabled: start empty
  }
  useSimStore.setState({ graphId, text, running: false, result: null, ran: [], problems: [], notes: [] });
}

export function setEventsText(text: string, notes: string[] = []): void {
  const { graphId } = useSimStore.getState();
  useSimStore.setState({ text, notes });
  if (graphId === null) return;
  try {
    localStorage.setItem(key(graphId), text);
  } catch {
    // storage full or disabled: the events are only a convenience
  }
}

export async function runSimulation(document: GraphDocument, events: SimEvent[]): Promise<void> {
  const token = ++current;
  useSimStore.setState({ running: true, startedAt: Date.now(), problems: [] });
  try {
    const result = await simulate(document, events);
    if (token === current) useSimStore.setState({ running: false, result, ran: events });
  } catch (err) {
    if (token !== current) return;
    const missing = err instanceof ApiError && err.status === 404;
    const problems = missing ? [{ code: "no_simulator", node: null, field: null, message: "This server cannot simulate rules (it has no /api/cep/simulate/)." }] : problemsOf(err);
    useSimStore.setState({ running: false, problems });
  }
}

export function clearSimulation(): void {
  current++;
  useSimStore.setState({ running: false, result: null, ran: [], problems: [] });
}
