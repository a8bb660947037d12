// The CEP pages' routes, loaded on first visit.
import { lazy, Suspense } from "react";
import type { RouteObject } from "react-router-dom";

const MatchesPage = lazy(() => import("./MatchesPage").then((m) => ({ default: m.MatchesPage })));

export const cepRoutes: RouteObject[] = [
  {
    path: "/cep/matches",
    element: (
      <Suspense fallback={<p className="empty">Loading…</p>}>
        <MatchesPage />
      </Suspense>
    ),
  },
];
