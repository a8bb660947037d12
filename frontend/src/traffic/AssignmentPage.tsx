// /scenes/:slug/assignment?unit=<id> — what one unit is served, and why: its bucket in
// each layer, the merged KV with the layer behind each override, and the merged graph
// drawn read-only on the editor's canvas.
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { Link, useParams, useSearchParams } from "react-router-dom";
import { shortHash } from "../panels/format";
import { useLoad } from "../catalog/useLoad";
import { fetchAssignment } from "./api";
import { KvTable, LayerTable } from "./AssignmentTables";
import { overriddenNodes } from "./assignmentView";
import { ErrorList } from "./ErrorList";
import { problemsOf } from "./problems";
import { ReadOnlyGraph } from "./ReadOnlyGraph";
import type { Assignment } from "./types";
import "./traffic.css";

function Result({ assignment }: { assignment: Assignment }) {
  const marks = useMemo(() => overriddenNodes(assignment), [assignment]);
  return (
    <div className="assignment-result" data-testid="assignment-result" data-unit={assignment.unit_id}>
      <p>
        Unit <code>{assignment.unit_id}</code> gets version v{assignment.version ?? "?"} with config hash{" "}
        <code title={assignment.graph_hash} data-testid="assignment-hash">{shortHash(assignment.graph_hash, 12)}</code>.
      </p>
      <h3>Buckets</h3>
      <LayerTable assignment={assignment} />
      <h3>Merged configuration</h3>
      <KvTable assignment={assignment} />
      <h3>Graph (read-only)</h3>
      {assignment.document ? (
        <ReadOnlyGraph document={assignment.document} marks={marks} hash={assignment.graph_hash} />
      ) : (
        <>
          <p className="bad">The merged configuration is not a valid graph:</p>
          <ErrorList problems={assignment.errors} testId="assignment-errors" />
        </>
      )}
    </div>
  );
}

export function AssignmentPage() {
  const { slug = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const unit = params.get("unit") ?? "";
  const [text, setText] = useState(unit);
  const { data, error, loading } = useLoad(() => (unit ? fetchAssignment(slug, unit) : Promise.resolve(null)), [slug, unit]);

  useEffect(() => {
    document.title = `Assignment · ${slug} · Loom`;
  }, [slug]);
  useEffect(() => setText(unit), [unit]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = text.trim();
    if (next) setParams({ unit: next });
  };

  return (
    <div className="traffic-page" data-testid="assignment-page">
      <nav className="crumbs"><Link to="/scenes">Scenes</Link> / <Link to={`/scenes/${slug}`}>{slug}</Link> / assignment</nav>
      <h2>Assignment checker</h2>
      <form className="traffic-form inline" onSubmit={submit}>
        <label>Unit id
          <input value={text} onChange={(e) => setText(e.target.value)} placeholder="e.g. a user id" autoFocus data-testid="unit-input" />
        </label>
        <button type="submit" className="primary" disabled={!text.trim()} data-testid="unit-check">Check</button>
      </form>
      {error !== null && error !== undefined && <ErrorList problems={problemsOf(error)} />}
      {loading && unit && <p className="muted">Resolving {unit}…</p>}
      {data && data.unit_id === unit && <Result assignment={data} />}
    </div>
  );
}
