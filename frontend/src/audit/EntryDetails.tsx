// An audit entry opened up: a graph diff as lists of changes, a save as a table of
// fields (overrides and other dicts key by key), anything else as key and value.
import { formatValue } from "../panels/format";
import { dictChanges, fieldChanges, graphDiffLines, isGraphDiff, type Change } from "./details";

const MARK: Record<Change, string> = { added: "+", removed: "−", changed: "~" };
const SECTION_TITLES = { nodes: "Nodes", edges: "Links", params: "Params", groups: "Groups", settings: "Settings", description: "Description" } as const;

function GraphDiff({ details }: { details: Record<string, unknown> }) {
  const lines = graphDiffLines(details);
  if (!lines.length) return <p className="muted small">{details.layout_only ? "Only node positions changed." : "No structural change."}</p>;
  const sections = [...new Set(lines.map((l) => l.section))];
  return (
    <div className="graph-diff" data-testid="graph-diff">
      {sections.map((section) => (
        <div key={section} className="diff-section">
          <h5>{SECTION_TITLES[section]}</h5>
          <ul className="plain">
            {lines.filter((l) => l.section === section).map((l, i) => (
              <li key={`${l.text}-${i}`} className={`diff-line dl-${l.change}`} data-testid="diff-line" data-change={l.change} data-section={section}>
                <span className="diff-mark">{MARK[l.change]}</span> {l.text}
                {l.fields.length > 0 && (
                  <ul className="diff-fields">
                    {l.fields.map((f) => <li key={f.field}><code>{f.field}</code>: <span className="old">{f.old}</span> → <span className="new">{f.new}</span></li>)}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

function FieldTable({ details }: { details: Record<string, unknown> }) {
  const changes = fieldChanges(details) ?? [];
  return (
    <table className="audit-fields" data-testid="field-changes">
      <thead><tr><th>Field</th><th>Before</th><th>After</th></tr></thead>
      <tbody>
        {changes.map((c) => {
          const raw = details[c.field] as { old: unknown; new: unknown };
          const keys = typeof raw.new === "object" && raw.new !== null && !Array.isArray(raw.new) ? dictChanges(raw.old, raw.new) : null;
          return (
            <tr key={c.field} data-field={c.field}>
              <td><code>{c.field}</code></td>
              {keys ? (
                <td colSpan={2}>
                  {keys.length ? (
                    <ul className="plain">
                      {keys.map((k) => <li key={k.key} className={`diff-line dl-${k.change}`}><span className="diff-mark">{MARK[k.change]}</span> <code>{k.key}</code>{k.change !== "added" && <> <span className="old">{k.old}</span></>}{k.change !== "removed" && <> → <span className="new">{k.new}</span></>}</li>)}
                    </ul>
                  ) : <span className="muted">no change</span>}
                </td>
              ) : (
                <>
                  <td className="old">{c.old}</td>
                  <td className="new">{c.new}</td>
                </>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function EntryDetails({ details }: { details: Record<string, unknown> }) {
  if (isGraphDiff(details)) return <GraphDiff details={details} />;
  if (fieldChanges(details)) return <FieldTable details={details} />;
  const entries = Object.entries(details);
  if (!entries.length) return <p className="muted small">No details recorded.</p>;
  return (
    <dl className="audit-kv" data-testid="detail-values">
      {entries.map(([k, v]) => (
        <div key={k}><dt>{k}</dt><dd><code>{formatValue(v, 400)}</code></dd></div>
      ))}
    </dl>
  );
}
