// Calls of the CEP API (webapp/cep): a rule scene's rules, the matches list, the simulator.
import { api } from "../api/client";
import type { GraphDocument, Page } from "../api/types";
import type { MatchRow, SceneRules, SimEvent, Simulation } from "./types";

const q = encodeURIComponent;

export const fetchSceneRules = (slug: string) => api.get<SceneRules>(`/api/cep/scenes/${q(slug)}/rules/`).then((r) => r.data);

/** `query` is matchQuery.apiQuery's. */
export const fetchMatches = (query: string) => api.get<Page<MatchRow>>(`/api/cep/matches/?${query}`).then((r) => r.data);

/** Run a rule graph (unsaved edits included) over events in memory: nothing fires. */
export const simulate = (document: GraphDocument, events: SimEvent[], untilMs?: number) =>
  api.post<Simulation>("/api/cep/simulate/", untilMs === undefined ? { document, events } : { document, events, until_ms: untilMs }).then((r) => r.data);
