import type { JsonSchema } from "../api/types";
import { Inline } from "./Prose";
import { paramRows } from "./schemaTable";

/** The parameters of a node, read from the operator's params JSON Schema. */
export function ParamTable({ schema }: { schema: JsonSchema }) {
  const rows = paramRows(schema);
  if (!rows.length) return <p className="muted">This operator takes no parameters.</p>;
  return (
    <table className="cat-table" data-testid="param-table">
      <thead>
        <tr>
          <th>Name</th>
          <th>Type</th>
          <th>Default</th>
          <th>Range</th>
          <th>Required</th>
          <th>Description</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.name} data-testid="param-row" data-id={row.name}>
            <td>
              <code className="param-name">{row.name}</code>
            </td>
            <td className="type">
              <code>{row.type}</code>
            </td>
            <td>{row.default === null ? <span className="muted">—</span> : <code>{row.default}</code>}</td>
            <td className="range">{row.range || <span className="muted">any</span>}</td>
            <td>{row.required ? <span className="req">required</span> : <span className="muted">no</span>}</td>
            <td>
              <Inline text={row.description} />
              {row.example !== null && (
                <span className="param-example">
                  {" "}
                  e.g. <code>{row.example}</code>
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
