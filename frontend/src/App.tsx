import { createBrowserRouter, NavLink, Outlet, RouterProvider } from "react-router-dom";
import { CatalogPage } from "./catalog/CatalogPage";
import { OperatorPage } from "./catalog/OperatorPage";
import { EditorPage } from "./editor/EditorPage";
import { GraphListPage } from "./graphs/GraphListPage";
import { useMe } from "./api/me";
import { AuditPage } from "./audit/AuditPage";
import { AssignmentPage } from "./traffic/AssignmentPage";
import { SceneDetailPage } from "./traffic/SceneDetailPage";
import { SceneListPage } from "./traffic/SceneListPage";
import { rolloutRoutes } from "./rollouts/routes";
import { monitoringRoutes } from "./monitoring/routes";
import { cepRoutes } from "./cep/routes";

function TopBar() {
  const me = useMe();
  return (
    <header className="topbar" data-testid="topbar">
      <span className="brand">Loom</span>
      <NavLink to="/" end>Graphs</NavLink>
      <NavLink to="/catalog">Operators</NavLink>
      <NavLink to="/scenes" data-testid="nav-scenes">Scenes</NavLink>
      <NavLink to="/rollouts" data-testid="nav-rollouts">Rollouts</NavLink>
      <NavLink to="/audit" data-testid="nav-audit">Audit</NavLink>
      <NavLink to="/cep/matches" data-testid="nav-matches">Matches</NavLink>
      <NavLink to="/monitoring" data-testid="nav-monitoring">Monitoring</NavLink>
      <span className="spacer" />
      {me && (
        <span className="me" data-testid="me">
          {me.username} <small>({me.roles.join(", ") || "no role"})</small>
        </span>
      )}
      <a href="/api/docs/">API</a>
      <form method="post" action="/accounts/logout/" className="logout">
        <input type="hidden" name="csrfmiddlewaretoken" value={csrfFromCookie()} />
        <button type="submit">Sign out</button>
      </form>
    </header>
  );
}

function csrfFromCookie(): string {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match?.[1] ? decodeURIComponent(match[1]) : "";
}

function Layout() {
  return (
    <div className="shell">
      <TopBar />
      <main className="page">
        <Outlet />
      </main>
    </div>
  );
}

// A data router (not <BrowserRouter>) so the editor can hold in-app navigation with
// useBlocker while there are unsaved changes.
const router = createBrowserRouter(
  [
    {
      element: <Layout />,
      children: [
        { path: "/", element: <GraphListPage /> },
        { path: "/graphs/:id", element: <EditorPage /> },
        { path: "/catalog", element: <CatalogPage /> },
        { path: "/catalog/:name", element: <OperatorPage /> },
        { path: "/scenes", element: <SceneListPage /> },
        { path: "/scenes/:slug", element: <SceneDetailPage /> },
        { path: "/scenes/:slug/assignment", element: <AssignmentPage /> },
        { path: "/audit", element: <AuditPage /> },
        ...rolloutRoutes,
        ...monitoringRoutes,
        ...cepRoutes,
        { path: "*", element: <p className="empty">Nothing here. <a href="/app/">Back to graphs</a></p> },
      ],
    },
  ],
  { basename: "/app" },
);

export function App() {
  return <RouterProvider router={router} />;
}
