// A rule scene's rules as the matcher runs them (its production version), each in plain
// words, with what is wrong with them and a way to the matches they fired.
import { Link } from "react-router-dom";
import type { Problem } from "../api/types";
import { useLoad } from "../catalog/useLoad";
import { ErrorList } from "../traffic/ErrorList";
import { problemsOf } from "../traffic/problems";
import { fetchSceneRules } from "./api";
import { ruleWords } from "./ruleWords";

const q = encodeURIComponent;

function Notes({ items, kind }: { items: Problem[]; kind: "problems" | "warnings" }) {
  if (!items.length) return null;
  return (
    <ul className={`rules-notes ${kind}`} data-testid={`rules-${kind}`}>
      {items.map((p, i) => (
        <li key={`${p.code}-${i}`} data-code={p.code} data-node={p.node ?? ""}>
          {p.node && <><code>{p.node}</code>: </>}{p.message}
        </li>
      ))}
    </ul>
  );
}

export function RulesPanel({ slug, graphId }: { slug: string; graphId: number | null }) {
  const { data, error, loading } = useLoad(() => fetchSceneRules(slug), [slug]);
  const matches = `/cep/matches?scene=${q(slug)}`;
  return (
    <section className="rules-panel" data-testid="rules-panel">
      <div className="traffic-head">
        <h3>Rules</h3>
        {data?.version != null && <span className="muted small">of the production version v{data.version}</span>}
        <span className="spacer" />
        {graphId !== null && <Link to={`/graphs/${graphId}`} data-testid="rules-edit-link">Edit in the editor</Link>}
        <Link className="button-link" to={matches} data-testid="rules-matches-link">Matches</Link>
      </div>
      {error !== null && <ErrorList problems={problemsOf(error)} />}
      {loading && !data && <p className="muted">Loading the rules…</p>}
      {data && (
        <>
          {data.rules.length > 0 ? (
            <ul className="rules-list">
              {data.rules.map((r) => (
                <li key={r.id} data-testid="rule-row" data-rule={r.id}>
                  <span><code>{r.id}</code><span className="rule-op">{r.op}</span></span>
                  <span data-testid="rule-words">{ruleWords(r.rule, r.segment)}</span>
                  <Link to={`${matches}&rule=${q(r.id)}`} className="small">its matches</Link>
                </li>
              ))}
            </ul>
          ) : (
            !data.problems.length && <p className="muted">No rules.</p>
          )}
          <Notes items={data.problems} kind="problems" />
          <Notes items={data.warnings} kind="warnings" />
        </>
      )}
    </section>
  );
}
