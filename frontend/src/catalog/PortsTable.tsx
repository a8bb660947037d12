import type { OperatorEntry } from "../api/types";
import { portType } from "./format";

/** Inputs (the keyword parameters of `run`) and the output type. */
export function PortsTable({ entry }: { entry: OperatorEntry }) {
  return (
    <table className="cat-table" data-testid="ports-table">
      <thead>
        <tr>
          <th>Port</th>
          <th>Name</th>
          <th>Type</th>
          <th>Multiple</th>
          <th>Required</th>
        </tr>
      </thead>
      <tbody>
        {entry.inputs.length === 0 && (
          <tr>
            <td className="muted">input</td>
            <td className="muted" colSpan={4}>
              none: this node starts a branch
            </td>
          </tr>
        )}
        {entry.inputs.map((port) => (
          <tr key={port.name} data-id={port.name}>
            <td className="muted">input</td>
            <td>
              <code>{port.name}</code>
            </td>
            <td>
              <code>{portType(port)}</code>
            </td>
            <td>{port.multiple ? "yes, several sources in order" : "no"}</td>
            <td>{port.required ? <span className="req">required</span> : "optional"}</td>
          </tr>
        ))}
        <tr className="output-row">
          <td className="muted">output</td>
          <td className="muted">—</td>
          <td>
            <code>{entry.output.type}</code>
          </td>
          <td colSpan={2} />
        </tr>
      </tbody>
    </table>
  );
}
