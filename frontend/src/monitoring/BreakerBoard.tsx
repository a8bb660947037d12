// The scene's circuit breakers: state colour, failure rate, when it opened and when it
// next lets a trial call through; editors, approvers and admins may reset one (asked twice:
// a reset sends traffic to a dependency that may still be down).
import { useState } from "react";
import type { Problem } from "../api/types";
import { problemsOf } from "../rollouts/api";
import { resetBreaker, type Breaker, type BreakerBoardData } from "./api";
import { ProblemList } from "./ProblemList";
import { boardOrder, formatRate, resettable, STATE_LABEL } from "./stats";

interface Props {
  board: BreakerBoardData;
  canReset: boolean;
  onChanged: () => void;
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: "short", timeStyle: "medium" }) : "—");

export function BreakerBoard({ board, canReset, onChanged }: Props) {
  const [asking, setAsking] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<Problem[]>([]);
  const rows = boardOrder(board.results);

  const reset = async (b: Breaker) => {
    setBusy(true);
    try {
      await resetBreaker(b.scene, b.node);
      setProblems([]);
      setAsking(null);
      onChanged();
    } catch (err) {
      setProblems(problemsOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="mon-card" data-testid="breaker-board">
      <h3>Circuit breakers</h3>
      {!board.enabled && <p className="mon-warn small">Breakers are switched off (LOOM_BREAKERS_ENABLED): nodes are called whatever their failures.</p>}
      <ProblemList problems={problems} lead="The reset failed:" />
      {!rows.length ? (
        <p className="muted">No breaker yet: nodes get one when they serve traffic.</p>
      ) : (
        <table className="mon-table">
          <thead>
            <tr>
              <th>Node</th>
              <th>State</th>
              <th>Failure rate</th>
              <th>Calls</th>
              <th>Opened at</th>
              <th>Next trial</th>
              {canReset && <th />}
            </tr>
          </thead>
          <tbody>
            {rows.map((b) => (
              <tr key={b.node} data-testid="breaker-row" data-node={b.node} data-state={b.state}>
                <td className="mono">{b.node}</td>
                <td>
                  <span className={`mon-state mon-state-${b.state}`} data-testid="breaker-state" title={b.reason || undefined}>
                    {STATE_LABEL[b.state] ?? b.state}
                  </span>
                </td>
                <td>{formatRate(b.failure_rate)}</td>
                <td>
                  {b.failures} / {b.calls}
                </td>
                <td>{when(b.opened_at)}</td>
                <td>{when(b.next_trial_at)}</td>
                {canReset && (
                  <td className="mon-actions">
                    {asking === b.node ? (
                      <span data-testid="breaker-confirm">
                        Close it and call the node again?{" "}
                        <button type="button" className="mon-danger" disabled={busy} data-testid="breaker-confirm-ok" onClick={() => void reset(b)}>
                          Reset
                        </button>{" "}
                        <button type="button" disabled={busy} onClick={() => setAsking(null)}>
                          Cancel
                        </button>
                      </span>
                    ) : (
                      resettable(b) && (
                        <button type="button" data-testid="breaker-reset" onClick={() => setAsking(b.node)}>
                          Reset…
                        </button>
                      )
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
