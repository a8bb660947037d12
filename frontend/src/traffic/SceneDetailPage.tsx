// /scenes/:slug — the scene's layers, each with its traffic bar and experiments, and the
// forms that change them (for editors; viewers see the same page without them).
import { useEffect, useMemo, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { useMe } from "../api/me";
import { RulesPanel } from "../cep/RulesPanel";
import { shortHash } from "../panels/format";
import { ErrorList } from "./ErrorList";
import { KindBadge } from "./KindBadge";
import { LayerCard } from "./LayerCard";
import { LayerForm } from "./LayerForm";
import { problemsOf } from "./problems";
import { ReleaseWindowsPanel } from "./ReleaseWindowsPanel";
import { SceneContext, useSceneData, type SceneContextValue } from "./sceneData";
import "./traffic.css";

export function SceneDetailPage() {
  const { slug = "" } = useParams();
  const me = useMe();
  const { data, error, reload } = useSceneData(slug);
  const [adding, setAdding] = useState(false);
  const canEdit = !!me?.can_edit;
  const context = useMemo<SceneContextValue | null>(() => (data ? { data, canEdit, reload } : null), [data, canEdit, reload]);

  useEffect(() => {
    document.title = `${slug} · Scenes · Loom`;
  }, [slug]);

  if (!context) {
    return (
      <div className="traffic-page">
        {error !== null ? <ErrorList problems={problemsOf(error)} /> : <p className="muted">Loading {slug}…</p>}
        <Link to="/scenes">Back to scenes</Link>
      </div>
    );
  }
  const { scene, layers, version } = context.data;
  const reloadScene = context.reload;

  return (
    <SceneContext.Provider value={context}>
      <div className="traffic-page" data-testid="scene-detail" data-slug={scene.slug}>
        <nav className="crumbs"><Link to="/scenes">Scenes</Link> / {scene.slug}</nav>
        <div className="traffic-head">
          <h2>{scene.name} <code className="muted">{scene.slug}</code> <KindBadge kind={scene.kind} /></h2>
          <span className="spacer" />
          <Link className="button-link" to={`/scenes/${scene.slug}/assignment`} data-testid="assignment-link">Check a unit's assignment</Link>
        </div>
        {scene.description && <p>{scene.description}</p>}
        <p className="muted" data-testid="production-version">
          Production version:{" "}
          {version ? <>v{version.number} of <code>{version.graph_name}</code> ({shortHash(version.config_hash)})</> : "none (overrides cannot be checked until there is one)"}
        </p>
        {error !== null && <ErrorList problems={problemsOf(error)} />}
        {scene.kind === "rules" && <RulesPanel slug={scene.slug} graphId={version?.graph ?? null} />}
        <ReleaseWindowsPanel scene={scene} onSaved={() => void reloadScene()} />

        <div className="traffic-head">
          <h3>Layers</h3>
          <span className="spacer" />
          {!adding && (
            <button type="button" className="primary" disabled={!canEdit} title={canEdit ? "Add a layer" : "Your role cannot change traffic"} onClick={() => setAdding(true)} data-testid="new-layer-button">New layer</button>
          )}
        </div>
        {adding && <LayerForm layer={null} onDone={() => setAdding(false)} />}
        {!layers.length && !adding && <p className="muted">No layers yet. A layer owns key patterns (e.g. <code>node.cf.param.*</code>) and holds experiments over them.</p>}
        {layers.map((layer) => <LayerCard key={layer.id} layer={layer} />)}
      </div>
    </SceneContext.Provider>
  );
}
