// /audit — who changed what and when, newest first: filterable (action, target, who,
// time span), a page at a time, each entry expandable to its details.
import { useEffect, useMemo } from "react";
import { useSearchParams } from "react-router-dom";
import { api } from "../api/client";
import type { Page } from "../api/types";
import { useLoad } from "../catalog/useLoad";
import { ErrorList } from "../traffic/ErrorList";
import { problemsOf } from "../traffic/problems";
import { AuditEntryRow } from "./AuditEntryRow";
import { AuditFiltersForm } from "./AuditFiltersForm";
import { apiQuery, filtersFromSearch, offsetFromSearch, pageLabel, PAGE_SIZE, toSearch } from "./query";
import { NO_FILTERS, type AuditEntry, type AuditFilters } from "./types";
import "./audit.css";

export function AuditPage() {
  const [search, setSearch] = useSearchParams();
  const key = search.toString();
  // One object per URL: the form resets its draft when `filters` changes, so a fresh
  // object on every render would wipe what the user is typing whenever a load finishes.
  const filters = useMemo(() => filtersFromSearch(new URLSearchParams(key)), [key]);
  const offset = offsetFromSearch(search);
  const { query, problems } = apiQuery(filters, offset);
  const { data, error, loading } = useLoad(() => api.get<Page<AuditEntry>>(`/api/audit/?${query}`).then((r) => r.data), [query]);

  useEffect(() => {
    document.title = "Audit log · Loom";
  }, []);

  const go = (next: AuditFilters, nextOffset = 0) => setSearch(toSearch(next, nextOffset));
  const entries = data?.results ?? [];

  return (
    <div className="audit-page" data-testid="audit-page" data-query={key}>
      <h2>Audit log</h2>
      <p className="muted">Every change to graphs, versions, scenes and traffic: who, when, and what changed.</p>
      <AuditFiltersForm applied={filters} onApply={(f) => go(f)} />
      {problems.length > 0 && <ErrorList problems={problems.map((message) => ({ code: "bad_filter", node: null, field: null, message }))} />}
      {error !== null && error !== undefined && <ErrorList problems={problemsOf(error)} />}
      {loading && !data && <p className="muted">Loading…</p>}
      {data && (
        <>
          <div className="audit-pager">
            <span data-testid="audit-count">{pageLabel(offset, entries.length, data.count)}</span>
            <span className="spacer" />
            <button type="button" disabled={offset === 0} onClick={() => go(filters, Math.max(0, offset - PAGE_SIZE))} data-testid="audit-prev">← Newer</button>
            <button type="button" disabled={!data.next} onClick={() => go(filters, offset + PAGE_SIZE)} data-testid="audit-next">Older →</button>
          </div>
          {entries.length === 0 ? (
            <p className="muted" data-testid="audit-empty">No entries match{Object.values(filters).some(Boolean) ? " these filters" : ""}.</p>
          ) : (
            <table className="audit-table" data-testid="audit-table">
              <thead><tr><th /><th>When</th><th>Who</th><th>Action</th><th>Target</th><th>Summary</th></tr></thead>
              <tbody>
                {entries.map((e) => <AuditEntryRow key={e.id} entry={e} onHistory={(target_type, target_id) => go({ ...NO_FILTERS, target_type, target_id })} />)}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}
