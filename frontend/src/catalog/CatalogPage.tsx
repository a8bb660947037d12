// The operator catalog: categories with counts, a search box, one card per operator.
// The filters live in the URL (?category=&q=) so a filtered view can be shared; the
// server does the filtering.
import { useEffect, useMemo, useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { listOperators } from "./catalogApi";
import { catalogQuery, errorText } from "./format";
import { OperatorCard } from "./OperatorCard";
import { useLoad } from "./useLoad";
import "./catalog.css";

const DEBOUNCE_MS = 250;

function useCatalogFilter() {
  const [params, setParams] = useSearchParams();
  const category = params.get("category") ?? "";
  const q = (params.get("q") ?? "").trim();
  const [text, setText] = useState(q);

  // Back/forward changes the URL: show its query in the box.
  useEffect(() => setText((t) => (t.trim() === q ? t : q)), [q]);

  // Typing changes the URL once the user pauses; replace, so history is not one entry a key.
  useEffect(() => {
    const next = text.trim();
    if (next === q) return;
    const timer = setTimeout(
      () => setParams(new URLSearchParams(catalogQuery(category, next)), { replace: true }),
      DEBOUNCE_MS,
    );
    return () => clearTimeout(timer);
  }, [text, q, category, setParams]);

  return { category, q, text, setText };
}

export function CatalogPage() {
  const { category, q, text, setText } = useCatalogFilter();
  // Counts per category come from the search alone; the list also applies the category.
  // With no category both are the same URL and the memo makes it one request.
  const all = useLoad(() => listOperators({ category: "", search: q }), [q]);
  const shown = useLoad(() => listOperators({ category, search: q }), [category, q]);

  useEffect(() => {
    document.title = "Operators · Loom";
  }, []);

  const counts = useMemo(() => {
    const byCategory = new Map<string, number>();
    for (const name of all.data?.categories ?? []) byCategory.set(name, 0);
    for (const e of all.data?.results ?? []) {
      byCategory.set(e.category, (byCategory.get(e.category) ?? 0) + 1);
    }
    if (category && !byCategory.has(category)) byCategory.set(category, 0);
    return [...byCategory.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [all.data, category]);

  const typed = text.trim();
  const results = shown.data?.results ?? [];

  return (
    <div className="catalog">
      <aside className="catalog-side" aria-label="Categories">
        <h2>Categories</h2>
        <CategoryLink name="" label="All" count={all.data?.results.length} active={!category} q={typed} />
        {counts.map(([name, count]) => (
          <CategoryLink key={name} name={name} label={name} count={count} active={name === category} q={typed} />
        ))}
      </aside>
      <section className="catalog-main">
        <div className="catalog-toolbar">
          <input
            type="search"
            className="catalog-search"
            data-testid="catalog-search"
            placeholder="Search operators by name or description"
            aria-label="Search operators"
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoFocus
          />
          <span className="muted" aria-live="polite">
            {shown.data ? `${results.length} operator${results.length === 1 ? "" : "s"}` : ""}
          </span>
        </div>
        {shown.error ? (
          <p className="catalog-error" role="alert">
            Could not load the operators: {errorText(shown.error)}
          </p>
        ) : !shown.data ? (
          <p className="muted">Loading operators…</p>
        ) : results.length === 0 ? (
          <p className="muted">
            No operator matches {q ? <>“{q}”</> : "this filter"}
            {category ? <> in {category}</> : null}. <Link to="/catalog">Show all operators</Link>
          </p>
        ) : (
          <div className="op-grid" aria-busy={shown.loading}>
            {results.map((entry) => (
              <OperatorCard key={entry.name} entry={entry} />
            ))}
          </div>
        )}
      </section>
    </div>
  );
}

interface CategoryLinkProps {
  name: string;
  label: string;
  count: number | undefined;
  active: boolean;
  q: string;
}

function CategoryLink({ name, label, count, active, q }: CategoryLinkProps) {
  return (
    <Link
      to={{ pathname: "/catalog", search: catalogQuery(name, q) }}
      className={`cat-link${active ? " active" : ""}${count === 0 ? " none" : ""}`}
      data-testid={`catalog-category-${name || "all"}`}
      aria-current={active ? "page" : undefined}
    >
      <span>{label}</span>
      <span className="count">{count ?? ""}</span>
    </Link>
  );
}
