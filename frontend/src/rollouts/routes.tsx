// The rollout pages' routes, each page loaded on first visit: the editor and the other
// pages never download the rollout pages (nor the chart library they bring).
import { lazy, Suspense, type ComponentType } from "react";
import type { RouteObject } from "react-router-dom";

const RolloutListPage = lazy(() => import("./RolloutListPage").then((m) => ({ default: m.RolloutListPage })));
const ReviewPage = lazy(() => import("./ReviewPage").then((m) => ({ default: m.ReviewPage })));
const RolloutPage = lazy(() => import("./RolloutPage").then((m) => ({ default: m.RolloutPage })));

const page = (Page: ComponentType) => (
  <Suspense fallback={<p className="empty">Loading…</p>}>
    <Page />
  </Suspense>
);

export const rolloutRoutes: RouteObject[] = [
  { path: "/rollouts", element: page(RolloutListPage) },
  { path: "/rollouts/:id", element: page(RolloutPage) },
  { path: "/rollouts/:id/review", element: page(ReviewPage) },
];
