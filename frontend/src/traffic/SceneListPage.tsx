// /scenes — every scene with its production version and how much traffic work it holds.
// The scene list carries the version number; the counts come from two more requests
// (all layers, all running experiments).
import { useEffect, useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { useMe } from "../api/me";
import { useLoad } from "../catalog/useLoad";
import { fetchExperiments, fetchLayers, fetchScenes } from "./api";
import { ErrorList } from "./ErrorList";
import { KindBadge } from "./KindBadge";
import { NewSceneForm } from "./NewSceneForm";
import { problemsOf } from "./problems";
import "./traffic.css";

async function loadRows() {
  const [scenes, layers, running] = await Promise.all([fetchScenes(), fetchLayers(), fetchExperiments({ status: "running" })]);
  const count = (list: ReadonlyArray<{ scene: string }>, slug: string) => list.filter((x) => x.scene === slug).length;
  return scenes.map((scene) => ({ scene, version: scene.production_number, layers: count(layers, scene.slug), running: count(running, scene.slug) }));
}

export function SceneListPage() {
  const navigate = useNavigate();
  const me = useMe();
  const isAdmin = !!me?.roles.includes("admin");
  const [adding, setAdding] = useState(false);
  const { data: rows, error, loading } = useLoad(loadRows, []);
  useEffect(() => {
    document.title = "Scenes · Loom";
  }, []);

  return (
    <div className="traffic-page" data-testid="scene-list">
      <div className="traffic-head">
        <h2>Scenes</h2>
        <span className="spacer" />
        {isAdmin && !adding && <button type="button" className="primary" onClick={() => setAdding(true)} data-testid="new-scene-button">New scene</button>}
      </div>
      <p className="muted">A scene serves its production graph version: recommendations on request, or rules on behaviour events. Layers split its traffic into experiments.</p>
      {adding && <NewSceneForm onCreated={(scene) => navigate(`/scenes/${scene.slug}`)} onCancel={() => setAdding(false)} />}
      {error !== null && <ErrorList problems={problemsOf(error)} />}
      {loading && !rows && <p className="muted">Loading…</p>}
      {rows && !rows.length && <p className="muted">No scenes yet. An admin creates them here, or through the API.</p>}
      {rows && rows.length > 0 && (
        <table className="traffic-table">
          <thead>
            <tr><th>Slug</th><th>Kind</th><th>Name</th><th>Production version</th><th>Layers</th><th>Running experiments</th></tr>
          </thead>
          <tbody>
            {rows.map(({ scene, version, layers, running }) => (
              <tr key={scene.id} data-testid="scene-row" data-slug={scene.slug} onClick={() => navigate(`/scenes/${scene.slug}`)}>
                <td><Link to={`/scenes/${scene.slug}`} onClick={(e) => e.stopPropagation()}>{scene.slug}</Link></td>
                <td><KindBadge kind={scene.kind} /></td>
                <td>{scene.name}</td>
                <td>{scene.production_version === null ? <span className="muted">none</span> : version !== null ? `v${version}` : `#${scene.production_version}`}</td>
                <td>{layers}</td>
                <td>{running}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
