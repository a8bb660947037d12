// The checker's answer as tables: each layer's slot and bucket, and the merged KV with
// the keys a layer set highlighted (and named after that layer).
import { useState } from "react";
import { kvRows, layerRows } from "./assignmentView";
import type { Assignment } from "./types";

export function LayerTable({ assignment }: { assignment: Assignment }) {
  const rows = layerRows(assignment);
  if (!rows.length) return <p className="muted">The scene has no layers: every unit gets the production configuration.</p>;
  return (
    <table className="traffic-table" data-testid="assignment-layers">
      <thead><tr><th>Layer</th><th>Slot</th><th>Experiment</th><th>Bucket</th></tr></thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.layer} data-testid="assignment-layer" data-layer={r.layer} data-bucket={r.bucket ?? ""}>
            <td><code>{r.layer}</code></td>
            <td>{r.slot ?? "—"}</td>
            <td>{r.experiment ?? <span className="muted">no running experiment holds this slot</span>}</td>
            <td>{r.bucket ? <strong>{r.bucket}</strong> : <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function KvTable({ assignment }: { assignment: Assignment }) {
  const [onlyOverridden, setOnlyOverridden] = useState(false);
  const [filter, setFilter] = useState("");
  const all = kvRows(assignment);
  const rows = all.filter((r) => (!onlyOverridden || r.layer !== null) && r.key.includes(filter.trim()));
  const overridden = all.filter((r) => r.layer !== null).length;
  return (
    <div className="kv-view">
      <div className="kv-tools">
        <input value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="filter keys" data-testid="kv-filter" />
        <label className="small"><input type="checkbox" checked={onlyOverridden} onChange={(e) => setOnlyOverridden(e.target.checked)} data-testid="kv-only-overridden" /> only the {overridden} overridden key{overridden === 1 ? "" : "s"}</label>
      </div>
      <table className="traffic-table kv-table" data-testid="assignment-kv">
        <thead><tr><th>Key</th><th>Value</th><th>Set by</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className={r.layer ? "overridden" : undefined} data-testid="kv-row" data-key={r.key} data-layer={r.layer ?? ""}>
              <td><code>{r.key}</code></td>
              <td>{r.value === null ? <em className="muted">unset</em> : <code className="kv-value">{r.value}</code>}</td>
              <td>{r.layer ? <span className="badge layer-badge">layer {r.layer}</span> : <span className="muted small">production</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
