// Create or rename an experiment of a layer (its buckets are added on its card).
import { useState, type FormEvent } from "react";
import { saveExperiment } from "./api";
import { ErrorList } from "./ErrorList";
import { useSceneContext } from "./sceneData";
import type { Experiment, Layer } from "./types";
import { useSubmit } from "./useSubmit";

interface Props {
  layer: Layer;
  experiment: Experiment | null;
  onDone: () => void;
}

export function ExperimentForm({ layer, experiment, onDone }: Props) {
  const { reload } = useSceneContext();
  const [name, setName] = useState(experiment?.name ?? "");
  const [description, setDescription] = useState(experiment?.description ?? "");
  const { busy, problems, run } = useSubmit();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await run(() => saveExperiment(experiment?.id ?? null, { layer: layer.id, name: name.trim(), description }))) {
      await reload();
      onDone();
    }
  };

  return (
    <form className="traffic-form" onSubmit={submit} data-testid="experiment-form">
      <div className="form-row">
        <label>Name
          <input value={name} onChange={(e) => setName(e.target.value)} required data-testid="experiment-name" />
        </label>
        <label className="grow">Description
          <input value={description} onChange={(e) => setDescription(e.target.value)} placeholder="what it tests" data-testid="experiment-description" />
        </label>
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy || !name.trim()} data-testid="experiment-save">{busy ? "Saving…" : experiment ? "Save experiment" : "Create experiment"}</button>
        <button type="button" onClick={onDone}>Cancel</button>
      </div>
      <ErrorList problems={problems} />
    </form>
  );
}
