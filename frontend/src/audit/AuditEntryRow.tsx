// One audit entry: when, who, what, on which object, the summary; a click opens the details.
import { Fragment, useState } from "react";
import { formatTime } from "../panels/format";
import { EntryDetails } from "./EntryDetails";
import type { AuditEntry } from "./types";

const TARGET_WORDS: Record<string, string> = {
  "graphs.graph": "graph", "graphs.graphversion": "version", "scenes.scene": "scene",
  "experiments.layer": "layer", "experiments.experiment": "experiment", "experiments.bucket": "bucket",
};

export function AuditEntryRow({ entry, onHistory }: { entry: AuditEntry; onHistory: (type: string, id: string) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <Fragment>
      <tr className={open ? "open" : undefined} data-testid="audit-entry" data-action={entry.action} data-id={entry.id} onClick={() => setOpen((o) => !o)}>
        <td className="toggle"><button type="button" aria-expanded={open} aria-label={open ? "Hide details" : "Show details"} data-testid="audit-toggle">{open ? "▾" : "▸"}</button></td>
        <td className="nowrap" title={entry.at}>{formatTime(entry.at)}</td>
        <td>{entry.actor ?? <span className="muted">system</span>}</td>
        <td><code data-testid="audit-action">{entry.action}</code></td>
        <td>
          {TARGET_WORDS[entry.target_type] ?? entry.target_type} {entry.target_label || `#${entry.target_id}`}{" "}
          <button type="button" className="link small" title="Every entry about this object" onClick={(e) => { e.stopPropagation(); onHistory(entry.target_type, entry.target_id); }} data-testid="audit-history">
            history
          </button>
        </td>
        <td data-testid="audit-summary">{entry.summary}</td>
      </tr>
      {open && (
        <tr className="audit-details-row" data-testid="audit-details">
          <td />
          <td colSpan={5}><EntryDetails details={entry.details} /></td>
        </tr>
      )}
    </Fragment>
  );
}
