// The monitoring page's routes, loaded on first visit (with its chart library): the page
// and a single run's.
import { lazy, Suspense } from "react";
import type { RouteObject } from "react-router-dom";

const MonitoringPage = lazy(() => import("./MonitoringPage").then((m) => ({ default: m.MonitoringPage })));
const RunPage = lazy(() => import("./RunPage").then((m) => ({ default: m.RunPage })));

export const monitoringRoutes: RouteObject[] = [
  {
    path: "/monitoring",
    element: (
      <Suspense fallback={<p className="empty">Loading…</p>}>
        <MonitoringPage />
      </Suspense>
    ),
  },
  {
    path: "/runs/:id",
    element: (
      <Suspense fallback={<p className="empty">Loading…</p>}>
        <RunPage />
      </Suspense>
    ),
  },
];
