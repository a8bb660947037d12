// "/" — every graph with its state, and a way to start a new one.
import { useEffect, useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { api, ApiError } from "../api/client";
import { useMe } from "../api/me";
import type { GraphListItem, GraphResource, Page } from "../api/types";
import { NewGraphForm } from "./NewGraphForm";
import "./graphs.css";

function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

export function GraphListPage() {
  const me = useMe();
  const navigate = useNavigate();
  const [graphs, setGraphs] = useState<GraphListItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    api
      .get<Page<GraphListItem>>("/api/graphs/?limit=500")
      .then((r) => setGraphs(r.data.results))
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  }, []);

  const create = async (name: string, description: string) => {
    const r = await api.post<GraphResource>("/api/graphs/", { document: { schema: 1, name, nodes: [] }, description });
    navigate(`/graphs/${r.data.id}`);
  };

  return (
    <div className="graph-list">
      <div className="graph-list-head">
        <h2>Graphs</h2>
        <span className="spacer" />
        <button
          type="button"
          className="primary"
          data-testid="new-graph-button"
          disabled={!me?.can_edit}
          title={me?.can_edit ? "Create an empty graph" : "Your role cannot create graphs"}
          onClick={() => setCreating(true)}
        >
          New graph
        </button>
      </div>
      {creating && (
        <NewGraphForm
          taken={new Set((graphs ?? []).map((g) => g.name))}
          onCancel={() => setCreating(false)}
          onCreate={create}
          describeError={(err) => (err instanceof ApiError ? err.problems.map((p) => p.message).join("; ") : String(err))}
        />
      )}
      {error && <p className="bad">Could not load graphs: {error}</p>}
      {!graphs && !error && <p className="muted">Loading…</p>}
      {graphs && !graphs.length && <p className="muted">No graphs yet.{me?.can_edit ? " Start one with “New graph”." : ""}</p>}
      {graphs && graphs.length > 0 && (
        <table className="graph-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>State</th>
              <th>Revision</th>
              <th>Updated by</th>
              <th>Updated</th>
              <th>Description</th>
            </tr>
          </thead>
          <tbody>
            {graphs.map((g) => (
              <tr key={g.id} data-testid="graph-row" data-graph-id={g.id} onClick={() => navigate(`/graphs/${g.id}`)}>
                <td><Link to={`/graphs/${g.id}`} onClick={(e) => e.stopPropagation()}>{g.name}</Link></td>
                <td><span className={`badge ${g.valid ? "ok" : "bad"}`}>{g.valid ? "valid" : "invalid"}</span></td>
                <td>r{g.revision}</td>
                <td>{g.updated_by ?? "—"}</td>
                <td>{when(g.updated_at)}</td>
                <td className="muted">{g.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
