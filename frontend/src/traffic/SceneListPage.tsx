// /scenes — every scene with its production version and how much traffic work it holds.
// The scene list carries the version number; the counts come from two more requests
// (all layers, all running experiments).
import { useEffect } from "react";
import { Link, useNavigate } from "react-router-dom";
import { useLoad } from "../catalog/useLoad";
import { fetchExperiments, fetchLayers, fetchScenes } from "./api";
import { ErrorList } from "./ErrorList";
import { problemsOf } from "./problems";
import "./traffic.css";

async function loadRows() {
  const [scenes, layers, running] = await Promise.all([fetchScenes(), fetchLayers(), fetchExperiments({ status: "running" })]);
  const count = (list: ReadonlyArray<{ scene: string }>, slug: string) => list.filter((x) => x.scene === slug).length;
  return scenes.map((scene) => ({ scene, version: scene.production_number, layers: count(layers, scene.slug), running: count(running, scene.slug) }));
}

export function SceneListPage() {
  const navigate = useNavigate();
  const { data: rows, error, loading } = useLoad(loadRows, []);
  useEffect(() => {
    document.title = "Scenes · Loom";
  }, []);

  return (
    <div className="traffic-page" data-testid="scene-list">
      <h2>Scenes</h2>
      <p className="muted">A scene serves its production graph version; layers split its traffic into experiments.</p>
      {error !== null && <ErrorList problems={problemsOf(error)} />}
      {loading && !rows && <p className="muted">Loading…</p>}
      {rows && !rows.length && <p className="muted">No scenes yet. An admin creates them (admin site or API).</p>}
      {rows && rows.length > 0 && (
        <table className="traffic-table">
          <thead>
            <tr><th>Slug</th><th>Name</th><th>Production version</th><th>Layers</th><th>Running experiments</th></tr>
          </thead>
          <tbody>
            {rows.map(({ scene, version, layers, running }) => (
              <tr key={scene.id} data-testid="scene-row" data-slug={scene.slug} onClick={() => navigate(`/scenes/${scene.slug}`)}>
                <td><Link to={`/scenes/${scene.slug}`} onClick={(e) => e.stopPropagation()}>{scene.slug}</Link></td>
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
