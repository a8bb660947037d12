// "/monitoring?scene=&since=": a scene's served traffic — latency quantiles per version,
// the nodes that fail, time out or take longest, the breaker board, and the latest runs
// with their traces. Polled every half minute; the scene and window live in the URL so a
// link shows the same view.
import { lazy, Suspense, useCallback, useEffect, useMemo } from "react";
import { useSearchParams } from "react-router-dom";
import { useMe } from "../api/me";
import { canOperate, useLoad } from "../rollouts/hooks";
import { fetchBreakers, fetchLatency, fetchNodes, fetchRecentRuns, fetchScenes } from "./api";
import { BreakerBoard } from "./BreakerBoard";
import { NodeRanking, SlowestNodes } from "./NodeTables";
import { ProblemList } from "./ProblemList";
import { RecentRuns } from "./RecentRuns";
import { isSince, SINCE_CHOICES } from "./stats";
import "./monitoring.css";

const LatencyChart = lazy(() => import("./LatencyChart"));
const POLL_MS = 30_000;

export function MonitoringPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const scenes = useLoad(fetchScenes);
  const list = scenes.data;
  const scene = params.get("scene") ?? "";
  const sinceParam = params.get("since");
  const since = isSince(sinceParam) ? sinceParam : "24h";
  const pick = (next: { scene?: string; since?: string }) => setParams({ scene: next.scene ?? scene, since: next.since ?? since }, { replace: true });

  // No scene in the URL: the first one, so the page is never blank when there is one.
  useEffect(() => {
    const first = list?.[0];
    if (!scene && first) setParams({ scene: first.slug, since }, { replace: true });
  }, [list, scene, since, setParams]);

  const sceneId = list?.find((s) => s.slug === scene)?.id ?? null;
  const loadLatency = useMemo(() => (scene ? () => fetchLatency(scene, since) : null), [scene, since]);
  const loadNodes = useMemo(() => (scene ? () => fetchNodes(scene, since) : null), [scene, since]);
  const loadBreakers = useMemo(() => (scene ? () => fetchBreakers(scene) : null), [scene]);
  const loadRuns = useMemo(() => (sceneId !== null ? () => fetchRecentRuns(sceneId) : null), [sceneId]);
  const latency = useLoad(loadLatency, POLL_MS);
  const nodes = useLoad(loadNodes, POLL_MS);
  const breakers = useLoad(loadBreakers, POLL_MS);
  const runs = useLoad(loadRuns, POLL_MS);
  const { reload: reloadBreakers } = breakers;
  const afterReset = useCallback(() => void reloadBreakers(), [reloadBreakers]);

  return (
    <div className="mon-page" data-testid="monitoring-page">
      <div className="mon-head">
        <h2>Monitoring</h2>
        <label>
          Scene{" "}
          <select data-testid="monitoring-scene" value={scene} onChange={(e) => pick({ scene: e.target.value })}>
            {!list?.some((s) => s.slug === scene) && <option value={scene}>{scene || "—"}</option>}
            {list?.map((s) => (
              <option key={s.slug} value={s.slug}>
                {s.name} ({s.slug})
              </option>
            ))}
          </select>
        </label>
        <label>
          Window{" "}
          <select data-testid="monitoring-since" value={since} onChange={(e) => pick({ since: e.target.value })}>
            {SINCE_CHOICES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <span className="muted small">refreshed every {POLL_MS / 1000} s</span>
      </div>
      <ProblemList problems={scenes.problems} lead="Could not load the scenes:" />
      {list && !list.length && <p className="empty">No scene yet: create one under Scenes first.</p>}
      {scene && (
        <>
          <section className="mon-card">
            <ProblemList problems={latency.problems} lead="Could not load the latency:" />
            {latency.data && (
              <>
                <p className="muted small">
                  {latency.data.runs_read} served runs{latency.data.truncated ? " (the newest ones only)" : ""}, one point per {Math.round(latency.data.step_s / 60)} min.
                </p>
                <Suspense fallback={<p className="muted">Loading the chart…</p>}>
                  <LatencyChart series={latency.data.series} stepS={latency.data.step_s} />
                </Suspense>
              </>
            )}
          </section>
          <div className="mon-grid">
            <div>
              <ProblemList problems={nodes.problems} lead="Could not load the node statistics:" />
              {nodes.data && <NodeRanking stats={nodes.data} />}
              {nodes.data && <SlowestNodes stats={nodes.data} />}
            </div>
            <div>
              <ProblemList problems={breakers.problems} lead="Could not load the breakers:" />
              {breakers.data && <BreakerBoard board={breakers.data} canReset={canOperate(me)} onChanged={afterReset} />}
            </div>
          </div>
          <RecentRuns runs={runs.data} problems={runs.problems} />
        </>
      )}
    </div>
  );
}
