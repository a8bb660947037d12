// One layer: what it owns, its traffic bar, its experiments and the forms that change them.
import { useState } from "react";
import { deleteLayer } from "./api";
import { ConfirmButton } from "./ConfirmButton";
import { ErrorList } from "./ErrorList";
import { ExperimentCard } from "./ExperimentCard";
import { ExperimentForm } from "./ExperimentForm";
import { LayerForm } from "./LayerForm";
import { useSceneContext } from "./sceneData";
import { TrafficBar } from "./TrafficBar";
import type { Layer } from "./types";
import { useSubmit } from "./useSubmit";

export function LayerCard({ layer }: { layer: Layer }) {
  const { data, canEdit, reload } = useSceneContext();
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState(false);
  const { problems, run } = useSubmit();
  const experiments = data.experiments.filter((e) => e.layer === layer.id);
  const running = experiments.some((e) => e.status === "running");

  const remove = async () => {
    if (await run(() => deleteLayer(layer.id))) await reload();
  };

  return (
    <section className="layer-card" data-testid="layer-card" data-slug={layer.slug}>
      {editing ? (
        <LayerForm layer={layer} onDone={() => setEditing(false)} />
      ) : (
        <div className="layer-head">
          <div>
            <h4>{layer.name} <code className="muted">{layer.slug}</code></h4>
            <div className="layer-keys">owns {layer.keys.map((k) => <code key={k} className="pattern">{k}</code>)}</div>
            {layer.description && <p className="muted small">{layer.description}</p>}
          </div>
          <span className="spacer" />
          {canEdit && (
            <div className="card-actions">
              <button type="button" onClick={() => setEditing(true)} data-testid="layer-edit">Edit</button>
              <ConfirmButton label="Delete" question={`Delete layer ${layer.slug} and its experiments?`} onConfirm={() => void remove()} disabled={running} title={running ? "Stop its running experiments first" : undefined} testId="layer-delete" />
            </div>
          )}
        </div>
      )}
      <ErrorList problems={problems} />
      <TrafficBar experiments={experiments} />
      {experiments.map((e) => <ExperimentCard key={e.id} experiment={e} layer={layer} />)}
      {adding ? (
        <ExperimentForm layer={layer} experiment={null} onDone={() => setAdding(false)} />
      ) : (
        canEdit && <button type="button" className="add-link" onClick={() => setAdding(true)} data-testid="new-experiment-button">+ New experiment</button>
      )}
    </section>
  );
}
