// "/rollouts/:id/review": what the candidate changes (the visual diff on the canvas and the
// list of changes), how it answers recorded requests (the replay), and the decision.
import { useCallback, useEffect, useState } from "react";
import { useNavigate, useParams } from "react-router-dom";
import { useMe } from "../api/me";
import type { Problem, VersionResource } from "../api/types";
import { fetchRollout, fetchScene, fetchVersion, problemsOf } from "./api";
import { Problems, RolloutPending } from "./bits";
import { DiffViewer } from "./DiffViewer";
import { useLoad } from "./hooks";
import { ReplayPanel } from "./ReplayPanel";
import { ReviewBox } from "./ReviewBox";
import { can, isAuthor } from "./states";
import { RolloutHeader, RolloutPlan } from "./Summary";
import "./rollouts.css";

interface Versions {
  candidate: VersionResource;
  base: VersionResource | null;
}

export function ReviewPage() {
  const id = Number(useParams().id);
  const me = useMe();
  const navigate = useNavigate();
  const load = useCallback(() => fetchRollout(id), [id]);
  // Polled slowly: a review may be decided by someone else meanwhile.
  const rollout = useLoad(load, 8000);
  const r = rollout.data;
  const [versions, setVersions] = useState<Versions | null>(null);
  const [versionProblems, setVersionProblems] = useState<Problem[]>([]);
  const [sceneKind, setSceneKind] = useState<"recommend" | "rules">("recommend");

  // A rule scene replays events, not requests: the replay panel words it so.
  const slug = r?.scene;
  useEffect(() => {
    if (!slug) return;
    let current = true;
    fetchScene(slug).then((scene) => current && setSceneKind(scene.kind ?? "recommend"), () => undefined);
    return () => {
      current = false;
    };
  }, [slug]);

  const candidateId = r?.version;
  const baseId = r?.base_version;
  useEffect(() => {
    if (candidateId === undefined || baseId === undefined) return;
    let current = true;
    Promise.all([fetchVersion(candidateId), baseId === null ? Promise.resolve(null) : fetchVersion(baseId)]).then(
      ([candidate, base]) => current && setVersions({ candidate, base }),
      (err: unknown) => current && setVersionProblems(problemsOf(err)),
    );
    return () => {
      current = false;
    };
  }, [candidateId, baseId]);

  if (!Number.isInteger(id) || id <= 0) return <p className="empty">No such rollout.</p>;
  if (!r) return <RolloutPending problems={rollout.problems} />;
  const author = isAuthor(r, versions?.candidate.author ?? null, me?.username ?? null);
  return (
    <div className="ro-page" data-testid="review-page" data-state={r.state}>
      <RolloutHeader rollout={r} page="review" />
      <Problems problems={rollout.problems} lead="Could not refresh:" />
      <div className="ro-columns">
        <ReviewBox
          rollout={r}
          author={author}
          onChanged={rollout.set}
          onDeleted={() => navigate("/rollouts")}
          onStarted={(started) => navigate(`/rollouts/${started.id}`)}
        />
        <RolloutPlan rollout={r} />
      </div>
      <section className="ro-card">
        <h3>What changes</h3>
        <Problems problems={versionProblems} lead="Could not load the versions:" />
        {versions ? <DiffViewer candidate={versions.candidate} base={versions.base} /> : !versionProblems.length && <p className="muted">Loading the versions…</p>}
      </section>
      <ReplayPanel rolloutId={r.id} canStart={can(r, "replay")} sceneKind={sceneKind} />
    </div>
  );
}
