// One node's output from the last run: the sample rows as a table, or the plain value.
import { useMemo } from "react";
import { previewOf } from "./outputPreview";

interface Props {
  nodeId: string | null;
  output: unknown;
  status: string | undefined;
}

export function OutputPreview({ nodeId, output, status }: Props) {
  const preview = useMemo(() => previewOf(output), [output]);
  return (
    <div className="output-preview" data-testid="output-preview" data-id={nodeId ?? ""}>
      {!nodeId && <p className="muted small">Select a node (on the canvas or in the timing list) to see its output.</p>}
      {nodeId && (
        <div className="op-head">
          <strong>{nodeId}</strong> {status && <span className={`op-node-badge st-${status}`}>{status}</span>}
          {preview.kind === "table" && (
            <span className="muted small"> {preview.total} rows{preview.total > preview.shown ? `, first ${preview.shown} shown` : ""}</span>
          )}
          {preview.kind === "value" && <span className="muted small"> {preview.type}</span>}
        </div>
      )}
      {nodeId && preview.kind === "none" && <p className="muted small">No output{status === "skipped" ? ": the node was skipped" : ""}.</p>}
      {preview.kind === "value" && <pre className="value-preview">{preview.text}</pre>}
      {preview.kind === "table" && preview.rows.length === 0 && <p className="muted small">Empty dataset.</p>}
      {preview.kind === "table" && preview.rows.length > 0 && (
        <div className="table-scroll">
          <table className="sample-table">
            <thead>
              <tr>
                <th>#</th>
                {preview.columns.map((c) => <th key={c}>{c}</th>)}
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row, i) => (
                <tr key={i}>
                  <td className="muted">{i + 1}</td>
                  {row.map((cell, j) => <td key={j} title={cell}>{cell}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
