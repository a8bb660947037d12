// One operator: what it does, its ports and parameters, a node to copy, where it is used.
import { useEffect } from "react";
import { Link, useParams } from "react-router-dom";
import { ApiError } from "../api/client";
import type { OperatorEntry } from "../api/types";
import { getOperator } from "./catalogApi";
import { CategoryBadge } from "./CategoryBadge";
import { ExampleNodePanel } from "./ExampleNodePanel";
import { catalogQuery, errorText } from "./format";
import { OperatorGraphs } from "./OperatorGraphs";
import { ParamTable } from "./ParamTable";
import { PortsTable } from "./PortsTable";
import { Prose } from "./Prose";
import { useLoad } from "./useLoad";
import "./catalog.css";

// Extra catalog fields the server sends beyond OperatorEntry (how the engine runs it).
interface RunFlags {
  is_async?: boolean;
  blocking?: boolean;
}

function runsAs(entry: OperatorEntry & RunFlags): string | null {
  if (entry.blocking) return "blocking: runs in the thread pool";
  if (entry.is_async === true) return "async";
  if (entry.is_async === false) return "sync, runs inline";
  return null;
}

export function OperatorPage() {
  const { name = "" } = useParams();
  const { data: entry, error } = useLoad(() => getOperator(name), [name]);

  useEffect(() => {
    document.title = `${name} · Operators · Loom`;
  }, [name]);

  if (error) {
    const missing = error instanceof ApiError && error.status === 404;
    return (
      <div className="catalog-detail">
        <p className={missing ? "muted" : "catalog-error"} role="alert">
          {missing ? (
            <>
              There is no operator named <code>{name}</code>.
            </>
          ) : (
            <>Could not load {name}: {errorText(error)}</>
          )}{" "}
          <Link to="/catalog">Back to the catalog</Link>
        </p>
      </div>
    );
  }
  if (!entry || entry.name !== name) return <p className="empty">Loading {name}…</p>;

  const mode = runsAs(entry);
  return (
    <div className="catalog-detail" data-testid="operator-detail" data-id={entry.name}>
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link to="/catalog">Operators</Link> /{" "}
        <Link to={{ pathname: "/catalog", search: catalogQuery(entry.category, "") }}>{entry.category}</Link> /{" "}
        <span>{entry.name}</span>
      </nav>
      <header className="detail-head">
        <h1>{entry.title}</h1>
        <code className="op-name">{entry.name}</code>
        <CategoryBadge category={entry.category} />
        <span className="meta">version {entry.version}</span>
        {mode && <span className="meta">{mode}</span>}
      </header>
      <div className="detail-cols">
        <div className="detail-main">
          <section className="cat-panel">
            <Prose text={entry.description} />
          </section>
          <section className="cat-panel">
            <h2>Ports</h2>
            <PortsTable entry={entry} />
          </section>
          <section className="cat-panel">
            <h2>Parameters</h2>
            <ParamTable schema={entry.params_schema} />
          </section>
        </div>
        <div className="detail-side">
          <ExampleNodePanel entry={entry} />
          <OperatorGraphs key={entry.name} name={entry.name} />
        </div>
      </div>
    </div>
  );
}
