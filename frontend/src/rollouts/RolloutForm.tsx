// "Roll out…": a version of a graph to a scene, in traffic steps, under guardrails. The
// scene's own graph is picked first (its production version's graph); the version now in
// production cannot be picked, nor one of the other kind (a rule set for a recommend scene,
// or the reverse): the server refuses both too.
import { useEffect, useState, type FormEvent } from "react";
import type { Problem, VersionResource } from "../api/types";
import { createRollout, fetchGraphs, fetchGraphVersions, fetchVersion, problemsOf } from "./api";
import { Problems } from "./bits";
import { formatWhen } from "./format";
import { DEFAULT_STEPS, DEFAULT_THRESHOLDS, parseSteps, parseThresholds, toRows, type StepRow, type ThresholdFields } from "./steps";
import { StepsEditor } from "./StepsEditor";
import { misfit } from "./versionFit";
import type { GraphItem, Rollout, SceneItem } from "./types";

interface Props {
  scenes: SceneItem[];
  presetScene: string | null;
  presetVersion: number | null;
  onCancel: () => void;
  onCreated: (rollout: Rollout) => void;
}

const problem = (message: string): Problem => ({ code: "form", node: null, field: null, message });

export function RolloutForm({ scenes, presetScene, presetVersion, onCancel, onCreated }: Props) {
  const [scene, setScene] = useState(presetScene ?? "");
  const [graphs, setGraphs] = useState<GraphItem[]>([]);
  const [graphId, setGraphId] = useState<number | null>(null);
  const [versions, setVersions] = useState<VersionResource[] | null>(null);
  const [versionId, setVersionId] = useState<number | null>(presetVersion);
  const [rows, setRows] = useState<StepRow[]>(() => toRows(DEFAULT_STEPS));
  const [limits, setLimits] = useState<ThresholdFields>(DEFAULT_THRESHOLDS);
  const [autoAdvance, setAutoAdvance] = useState(false);
  const [note, setNote] = useState("");
  const [problems, setProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState(false);

  const sceneItem = scenes.find((s) => s.slug === scene) ?? null;

  useEffect(() => {
    fetchGraphs().then(setGraphs, (err: unknown) => setProblems(problemsOf(err)));
  }, []);

  // A preset version brings its graph; otherwise a scene brings the graph it serves.
  useEffect(() => {
    const source = presetVersion ?? sceneItem?.production_version ?? null;
    if (source === null) return;
    let current = true;
    fetchVersion(source).then((v) => current && setGraphId((g) => g ?? v.graph), () => undefined);
    return () => {
      current = false;
    };
  }, [presetVersion, sceneItem?.production_version]);

  useEffect(() => {
    if (graphId === null) return;
    let current = true;
    setVersions(null);
    fetchGraphVersions(graphId).then(
      (list) => {
        if (!current) return;
        setVersions(list);
        // The newest version not serving the scene: the usual thing to roll out.
        const fits = (x: VersionResource) => x.id !== sceneItem?.production_version && misfit(sceneItem?.kind, x.document) === null;
        setVersionId((v) => (v !== null && list.some((x) => x.id === v) ? v : list.find(fits)?.id ?? null));
      },
      (err: unknown) => current && setProblems(problemsOf(err)),
    );
    return () => {
      current = false;
    };
  }, [graphId, sceneItem?.production_version, sceneItem?.kind]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const steps = parseSteps(rows);
    const thresholds = parseThresholds(limits);
    const mine = [...steps.problems, ...thresholds.problems].map(problem);
    if (!scene) mine.unshift(problem("Pick the scene to roll out to."));
    if (versionId === null) mine.unshift(problem("Pick the version to roll out."));
    if (mine.length || !steps.value || !thresholds.value || versionId === null) {
      setProblems(mine);
      return;
    }
    setBusy(true);
    setProblems([]);
    try {
      onCreated(await createRollout({ scene, version: versionId, steps: steps.value, ...thresholds.value, auto_advance: autoAdvance, note }));
    } catch (err) {
      setProblems(problemsOf(err));
    } finally {
      setBusy(false);
    }
  };

  const limit = (field: keyof ThresholdFields) => ({
    value: limits[field],
    onChange: (e: { target: { value: string } }) => setLimits({ ...limits, [field]: e.target.value }),
  });

  return (
    <form className="ro-form" data-testid="rollout-form" onSubmit={submit}>
      <h3>Roll out a version</h3>
      <div className="ro-form-row">
        <label>
          Scene
          <select data-testid="form-scene" value={scene} onChange={(e) => setScene(e.target.value)}>
            <option value="">pick a scene…</option>
            {scenes.map((s) => (
              <option key={s.slug} value={s.slug}>
                {s.name} ({s.slug}){s.production_number !== null ? ` · serving v${s.production_number}` : " · nothing in production"}
              </option>
            ))}
          </select>
        </label>
        <label>
          Graph
          <select data-testid="form-graph" value={graphId ?? ""} onChange={(e) => { setGraphId(Number(e.target.value) || null); setVersionId(null); }}>
            <option value="">pick a graph…</option>
            {graphs.map((g) => (
              <option key={g.id} value={g.id}>{g.name}</option>
            ))}
          </select>
        </label>
        <label>
          Version
          <select data-testid="form-version" value={versionId ?? ""} disabled={!versions} onChange={(e) => setVersionId(Number(e.target.value) || null)}>
            <option value="">{graphId === null ? "pick a graph first" : versions ? (versions.length ? "pick a version…" : "no versions: snapshot one in the editor") : "loading…"}</option>
            {(versions ?? []).map((v) => {
              const why = misfit(sceneItem?.kind, v.document);
              return (
                <option key={v.id} value={v.id} disabled={v.id === sceneItem?.production_version || why !== null}>
                  v{v.number}{v.note ? ` — ${v.note}` : ""} ({v.author ?? "?"}, {formatWhen(v.created_at)}){v.id === sceneItem?.production_version ? " · serving now" : ""}{why ? ` · ${why}` : ""}
                </option>
              );
            })}
          </select>
        </label>
      </div>

      <h4>Steps</h4>
      <p className="muted small">Each step sends this share of the scene's traffic to the new version and must be watched at least this long before advancing; past the last step the version becomes the scene's production version.</p>
      <StepsEditor rows={rows} onChange={setRows} />

      <h4>Guardrails</h4>
      <p className="muted small">Canary against control; a breach rolls the rollout back on its own. Judged once the canary has served the minimum number of requests.</p>
      <div className="ro-form-row">
        <label>
          Error rate: at most + (points)
          <input data-testid="form-error-points" inputMode="decimal" {...limit("errorPoints")} />
        </label>
        <label>
          Timeout rate: at most + (points)
          <input data-testid="form-timeout-points" inputMode="decimal" {...limit("timeoutPoints")} />
        </label>
        <label>
          p99 latency: at most × the control
          <input data-testid="form-p99-ratio" inputMode="decimal" {...limit("p99Ratio")} />
        </label>
        <label>
          Minimum canary requests
          <input data-testid="form-min-requests" inputMode="numeric" {...limit("minRequests")} />
        </label>
      </div>
      <label className="ro-check">
        <input type="checkbox" data-testid="form-auto-advance" checked={autoAdvance} onChange={(e) => setAutoAdvance(e.target.checked)} />
        Advance on its own when a step was observed long enough and the guardrails are healthy
      </label>
      <label className="ro-wide">
        Note for the reviewer
        <textarea data-testid="form-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <Problems problems={problems} testId="form-problems" />
      <div className="ro-form-actions">
        <button type="submit" className="primary" data-testid="form-create" disabled={busy}>
          {busy ? "Creating…" : "Create draft"}
        </button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
