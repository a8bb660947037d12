// The monitoring page's route, loaded on first visit (with its chart library).
import { lazy, Suspense } from "react";
import type { RouteObject } from "react-router-dom";

const MonitoringPage = lazy(() => import("./MonitoringPage").then((m) => ({ default: m.MonitoringPage })));

export const monitoringRoutes: RouteObject[] = [
  {
    path: "/monitoring",
    element: (
      <Suspense fallback={<p className="empty">Loading…</p>}>
        <MonitoringPage />
      </Suspense>
    ),
  },
];
