// The replay gate on the review page: recorded production requests (a rule scene: recorded
// behaviour events) run through the base and the candidate (on a worker). Started here;
// the page polls while it is queued or running and shows the report when done.
import { useCallback, useState } from "react";
import type { Problem } from "../api/types";
import { fetchReplay, problemsOf, startReplay } from "./api";
import { Problems } from "./bits";
import { formatWhen } from "./format";
import { useLoad } from "./hooks";
import { ReplayReportView } from "./ReplayReportView";
import type { Replay } from "./types";

const POLL_MS = 1000;
const busy = (r: Replay | null | undefined) => r?.status === "queued" || r?.status === "running";

const WORDS = {
  recommend: {
    title: "Replay of recorded requests",
    unit: "requests",
    about: "Recent production requests of the scene, with their data sources answered from the recording, are run through the version serving now and the candidate: an output and latency diff before anyone approves.",
  },
  rules: {
    title: "Replay of recorded events",
    unit: "events",
    about: "Recent behaviour events of the scene's units are run through the rules serving now and the candidate's, in event time: which matches each would fire, before anyone approves. Nothing is fired.",
  },
} as const;

export function ReplayPanel({ rolloutId, canStart, sceneKind = "recommend" }: { rolloutId: number; canStart: boolean; sceneKind?: "recommend" | "rules" }) {
  const load = useCallback(() => fetchReplay(rolloutId), [rolloutId]);
  const [polling, setPolling] = useState(false);
  const replay = useLoad<Replay | null>(load, polling ? POLL_MS : 0);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [starting, setStarting] = useState(false);
  const current = replay.data;
  // The report says what it is; before there is one, the scene's kind does.
  const words = WORDS[current?.report?.kind === "rules" ? "rules" : current?.report ? "recommend" : sceneKind];
  // Poll only while a replay is under way; the answer that finishes it stops the timer.
  const running = busy(current);
  if (running !== polling) setPolling(running);

  const start = async () => {
    setStarting(true);
    setProblems([]);
    try {
      replay.set(await startReplay(rolloutId));
      // A worker may have finished it already (eager tasks): read it back at once.
      await replay.reload();
    } catch (err) {
      setProblems(problemsOf(err));
    } finally {
      setStarting(false);
    }
  };

  return (
    <section className="ro-card" data-testid="replay-panel" data-status={current?.status ?? "none"}>
      <div className="ro-card-head">
        <h3>{words.title}</h3>
        <span className="spacer" />
        {canStart && (
          <button type="button" data-testid="replay-start" disabled={starting || running} onClick={start}>
            {current ? "Replay again" : "Start replay"}
          </button>
        )}
      </div>
      <p className="muted small">{words.about}</p>
      <Problems problems={[...replay.problems, ...problems]} testId="replay-problems" />
      {replay.readAt > 0 && !current && <p className="muted" data-testid="replay-none">No replay was run for this rollout yet.</p>}
      {current && running && (
        <div className="ro-progress" data-testid="replay-progress" role="progressbar" aria-valuemin={0} aria-valuemax={1} aria-valuenow={current.progress}>
          <span style={{ width: `${Math.round(current.progress * 100)}%` }} />
          <em>
            {current.status === "queued" ? "Waiting for a worker…" : `Replaying: ${current.done} of ${current.total} ${words.unit}`}
          </em>
        </div>
      )}
      {current?.status === "failed" && (
        <p className="bad" data-testid="replay-failed">The replay failed: {current.error || "no reason was given"}.</p>
      )}
      {current?.status === "done" && current.report && (
        <>
          <p className="muted small">Finished {formatWhen(current.finished_at)}.</p>
          <ReplayReportView report={current.report} />
        </>
      )}
    </section>
  );
}
