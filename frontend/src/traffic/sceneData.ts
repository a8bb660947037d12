// Everything the scene page shows, loaded together and reloaded after each write: the
// scene, its layers and experiments, its production version (the base KV the override
// editor offers keys from) and the operator catalog (which types param values).
import { createContext, useCallback, useContext, useEffect, useState } from "react";
import type { OperatorEntry } from "../api/types";
import { catalogIndex } from "../lib/catalog";
import { fetchCatalog } from "../editor/persistence";
import { fetchExperiments, fetchLayers, fetchScene, fetchVersion } from "./api";
import type { Experiment, Layer, Scene, Version } from "./types";

export interface SceneData {
  scene: Scene;
  layers: Layer[];
  experiments: Experiment[];
  version: Version | null;
  catalog: Record<string, OperatorEntry>;
}

export interface SceneState {
  data: SceneData | null;
  error: unknown;
  reload: () => Promise<void>;
}

async function loadScene(slug: string): Promise<SceneData> {
  const [scene, layers, experiments, entries] = await Promise.all([
    fetchScene(slug), fetchLayers(slug), fetchExperiments({ scene: slug }), fetchCatalog(),
  ]);
  const version = scene.production_version === null ? null : await fetchVersion(scene.production_version);
  return { scene, layers, experiments, version, catalog: catalogIndex(entries) };
}

export function useSceneData(slug: string): SceneState {
  const [data, setData] = useState<SceneData | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(async () => {
    try {
      setData(await loadScene(slug));
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [slug]);
  useEffect(() => {
    setData(null);
    void reload();
  }, [reload]);
  return { data, error, reload };
}

/** What every card of the scene page needs: the data, the edit right and a reload. */
export interface SceneContextValue {
  data: SceneData;
  canEdit: boolean;
  reload: () => Promise<void>;
}

export const SceneContext = createContext<SceneContextValue | null>(null);

export function useSceneContext(): SceneContextValue {
  const value = useContext(SceneContext);
  if (!value) throw new Error("useSceneContext outside a scene page");
  return value;
}
