// The run's timing tree as a waterfall: one row per graph / group / node, indented, a bar
// from start_us for duration_us, coloured by status. A click on a node row selects it.
import { useMemo } from "react";
import type { TraceEntry } from "../api/types";
import { formatUs } from "./format";
import { waterfallRows, type WaterfallRow } from "./waterfall";

function rowTitle(r: WaterfallRow): string {
  const lines = [`${r.kind} ${r.id}${r.op ? ` (${r.op})` : ""}: ${r.status}`];
  if (r.startUs != null) lines.push(`start +${formatUs(r.startUs)}, took ${formatUs(r.durationUs)}`);
  else lines.push("did not run");
  if (r.rows != null) lines.push(`${r.rows} rows out`);
  if (r.error) lines.push(r.error);
  return lines.join("\n");
}

interface Props {
  trace: TraceEntry | null;
  selected: string | null;
  onSelect: (nodeId: string) => void;
}

export function Waterfall({ trace, selected, onSelect }: Props) {
  const { rows, totalUs } = useMemo(() => waterfallRows(trace), [trace]);
  if (!rows.length) return <p className="muted small">No timing tree for this run.</p>;
  return (
    <div className="waterfall" data-testid="waterfall" role="list">
      <div className="wf-scale muted small">
        <span>0</span>
        <span>{formatUs(totalUs / 2)}</span>
        <span>{formatUs(totalUs)}</span>
      </div>
      {rows.map((r) => (
        <div
          key={r.key}
          role="listitem"
          className={`wf-row wf-${r.kind}${r.kind === "node" && r.id === selected ? " selected" : ""}`}
          data-testid="waterfall-row"
          data-id={r.id}
          data-kind={r.kind}
          data-status={r.status}
          title={rowTitle(r)}
          onClick={r.kind === "node" ? () => onSelect(r.id) : undefined}
        >
          <span className="wf-label" style={{ paddingLeft: r.depth * 10 }}>{r.kind === "group" ? r.label : r.id}</span>
          <span className="wf-track">
            {r.marker ? (
              <span className={`wf-marker wfs-${r.status}`} style={{ left: `${r.offset}%` }} />
            ) : (
              <span className={`wf-bar wfs-${r.status}`} style={{ left: `${r.offset}%`, width: `${r.width}%` }} />
            )}
          </span>
          <span className="wf-time">{r.marker ? r.status : formatUs(r.durationUs)}</span>
        </div>
      ))}
    </div>
  );
}
