// "/cep/matches": the matches rule scenes fired, newest first, filtered and paged through
// the URL; a chart of the page's matches over time per rule, each row opening to its
// events, its actions' outcome, what was recorded and its run.
import { Fragment, useEffect, useMemo, useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import "../audit/audit.css";
import { useLoad } from "../catalog/useLoad";
import { fetchScenes } from "../traffic/api";
import { ErrorList } from "../traffic/ErrorList";
import { problemsOf } from "../traffic/problems";
import { fetchMatches } from "./api";
import { MatchDetails } from "./MatchDetails";
import { MatchesChart } from "./MatchesChart";
import { matchesChart } from "./matchesChart";
import { MatchFiltersForm } from "./MatchFiltersForm";
import { apiQuery, filtersFromSearch, pageFromSearch, pageLabel, toSearch, type MatchFilters } from "./matchQuery";
import { formatTime } from "../panels/format";
import "./cep.css";

export function MatchesPage() {
  const [search, setSearch] = useSearchParams();
  const key = search.toString();
  // One object per URL, so the filter form's draft resets only when the URL changes.
  const filters = useMemo(() => filtersFromSearch(new URLSearchParams(key)), [key]);
  const page = pageFromSearch(search);
  const query = apiQuery(filters, page);
  const { data, error, loading } = useLoad(() => fetchMatches(query), [query]);
  const scenes = useLoad(() => fetchScenes().then((all) => all.filter((s) => s.kind === "rules").map((s) => s.slug)), []);
  const [open, setOpen] = useState<number | null>(null);

  useEffect(() => {
    document.title = "Matches · Loom";
  }, []);

  const go = (next: MatchFilters, nextPage = 1) => setSearch(toSearch(next, nextPage));
  const rows = useMemo(() => data?.results ?? [], [data]);
  const chart = useMemo(() => matchesChart(rows), [rows]);
  const colours = useMemo(() => Object.fromEntries(chart?.rules.map((r) => [r.id, r.colour]) ?? []), [chart]);

  return (
    <div className="audit-page cep-page" data-testid="matches-page" data-query={key}>
      <h2>Matches</h2>
      <p className="muted">What the rules of rule scenes matched in users' behaviour, and what their actions did. Newest first.</p>
      <MatchFiltersForm applied={filters} scenes={scenes.data ?? []} onApply={(f) => go(f)} />
      {error !== null && error !== undefined && <ErrorList problems={problemsOf(error)} />}
      {loading && !data && <p className="muted">Loading…</p>}
      {data && (
        <>
          {chart && <MatchesChart chart={chart} />}
          <div className="audit-pager">
            <span data-testid="matches-count">{pageLabel(page, rows.length, data.count)}</span>
            <span className="spacer" />
            <button type="button" disabled={page <= 1} onClick={() => go(filters, page - 1)} data-testid="matches-prev">← Newer</button>
            <button type="button" disabled={!data.next} onClick={() => go(filters, page + 1)} data-testid="matches-next">Older →</button>
          </div>
          {rows.length === 0 ? (
            <p className="muted" data-testid="matches-empty">No matches{Object.values(filters).some(Boolean) ? " for these filters" : " yet"}.</p>
          ) : (
            <table className="audit-table" data-testid="matches-table">
              <thead>
                <tr><th /><th>Detected</th><th>Scene</th><th>Version</th><th>Rule</th><th>Kind</th><th>Unit</th><th>Arm</th><th>Status</th></tr>
              </thead>
              <tbody>
                {rows.map((m) => (
                  <Fragment key={m.id}>
                    <tr className={open === m.id ? "open" : undefined} data-testid="match-row" data-id={m.id} data-rule={m.rule} onClick={() => setOpen(open === m.id ? null : m.id)}>
                      <td className="toggle"><button type="button" aria-expanded={open === m.id} aria-label={open === m.id ? "Hide details" : "Show details"}>{open === m.id ? "▾" : "▸"}</button></td>
                      <td className="nowrap" title={m.detected_at}>{formatTime(m.detected_at)}</td>
                      <td><Link to={`/scenes/${m.scene}`} onClick={(e) => e.stopPropagation()}>{m.scene}</Link></td>
                      <td>{m.version === null ? <span className="muted">—</span> : `v${m.version}`}</td>
                      <td className="nowrap"><span className="swatch" style={{ background: colours[m.rule] }} /> <code>{m.rule}</code></td>
                      <td>{m.kind}</td>
                      <td className="mono">{m.unit_id}</td>
                      <td>{m.arm || <span className="muted">—</span>}</td>
                      <td><span className={`cep-status cep-status-${m.status}`} data-testid="match-status">{m.status}</span></td>
                    </tr>
                    {open === m.id && (
                      <tr className="audit-details-row">
                        <td />
                        <td colSpan={8}><MatchDetails match={m} /></td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}
