// "/rollouts": every rollout, filtered by scene and state (kept in the address, so a
// filtered list can be linked), and the "Roll out…" form. `?new=1&version=<id>` opens the
// form on a version, for links from elsewhere (e.g. a graph's versions).
import { useCallback, useEffect, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { useMe } from "../api/me";
import { fetchRollouts, fetchScenes } from "./api";
import { Problems, StateBadge } from "./bits";
import { formatWhen } from "./format";
import { canOperate, useLoad } from "./hooks";
import { RolloutForm } from "./RolloutForm";
import { rolloutPath, STATE_LABEL, STATES, trafficText } from "./states";
import type { SceneItem } from "./types";
import "./rollouts.css";

export function RolloutListPage() {
  const me = useMe();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const scene = params.get("scene") ?? "";
  const state = params.get("state") ?? "";
  const presetVersion = Number(params.get("version")) || null;
  const [creating, setCreating] = useState(params.get("new") === "1");
  const [scenes, setScenes] = useState<SceneItem[]>([]);

  const load = useCallback(() => fetchRollouts({ scene, state }), [scene, state]);
  // Polled: states change under other people's hands (and the beat's guardrails).
  const list = useLoad(load, 10_000);

  useEffect(() => {
    fetchScenes().then(setScenes, () => setScenes([]));
  }, []);

  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };

  return (
    <div className="ro-page" data-testid="rollout-list">
      <div className="ro-head">
        <h2>Rollouts</h2>
        <span className="spacer" />
        <button
          type="button"
          className="primary"
          data-testid="new-rollout-button"
          disabled={!canOperate(me)}
          title={canOperate(me) ? "Roll a graph version out to a scene, in steps" : "Only editors and approvers can roll out"}
          onClick={() => setCreating(true)}
        >
          Roll out…
        </button>
      </div>
      {creating && (
        <RolloutForm
          scenes={scenes}
          presetScene={scene || null}
          presetVersion={presetVersion}
          onCancel={() => setCreating(false)}
          onCreated={(r) => navigate(`/rollouts/${r.id}/review`)}
        />
      )}
      <div className="ro-filters">
        <label>
          Scene
          <select data-testid="filter-scene" value={scene} onChange={(e) => setFilter("scene", e.target.value)}>
            <option value="">all scenes</option>
            {scenes.map((s) => (
              <option key={s.slug} value={s.slug}>{s.name} ({s.slug})</option>
            ))}
          </select>
        </label>
        <label>
          State
          <select data-testid="filter-state" value={state} onChange={(e) => setFilter("state", e.target.value)}>
            <option value="">any state</option>
            {STATES.map((s) => (
              <option key={s} value={s}>{STATE_LABEL[s]}</option>
            ))}
          </select>
        </label>
      </div>
      <Problems problems={list.problems} lead="Could not load the rollouts:" />
      {!list.data && !list.problems.length && <p className="muted">Loading…</p>}
      {list.data && !list.data.length && (
        <p className="muted" data-testid="no-rollouts">No rollouts{scene || state ? " match these filters" : " yet"}.</p>
      )}
      {list.data && list.data.length > 0 && (
        <table className="ro-table">
          <thead>
            <tr>
              <th>#</th>
              <th>Scene</th>
              <th>Version</th>
              <th>State</th>
              <th>Traffic</th>
              <th>Asked by</th>
              <th>Updated</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((r) => (
              <tr key={r.id} data-testid="rollout-row" data-id={r.id} data-state={r.state} onClick={() => navigate(rolloutPath(r))}>
                <td><Link to={rolloutPath(r)} onClick={(e) => e.stopPropagation()}>#{r.id}</Link></td>
                <td>{r.scene}</td>
                <td>
                  v{r.version_number}
                  <span className="muted">{r.base_number !== null ? ` (replacing v${r.base_number})` : " (first version)"}</span>
                </td>
                <td><StateBadge state={r.state} /></td>
                <td data-testid="rollout-traffic">{trafficText(r)}</td>
                <td>{r.created_by ?? "—"}</td>
                <td>{formatWhen(r.updated_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
