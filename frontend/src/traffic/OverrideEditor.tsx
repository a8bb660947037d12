// A bucket's overrides: keys picked from those the layer owns in the production version,
// each value typed by its param's schema when there is one (plain text otherwise, e.g. a
// timeout or an input list), or unset (null: the key is removed, a param falls back to
// its default).
import { useState } from "react";
import type { Problem } from "../api/types";
import { offeredKeys, paramSchemaOf } from "./overrideKeys";
import { ParamValueInput } from "./ParamValueInput";
import { overrideKeyOf } from "./problems";
import { useSceneContext } from "./sceneData";
import type { Layer } from "./types";

export interface OverrideRow {
  key: string;
  /** KV text; null unsets the key; undefined: no value entered yet. */
  value: string | null | undefined;
}

interface Props {
  layer: Layer;
  rows: OverrideRow[];
  onChange: (rows: OverrideRow[]) => void;
  problems: readonly Problem[];
}

const idFor = (key: string) => `ov-${key.replace(/[^A-Za-z0-9_]/g, "_")}`;

export function OverrideEditor({ layer, rows, onChange, problems }: Props) {
  const { data } = useSceneContext();
  const kv = data.version?.kv ?? {};
  const used = new Set(rows.map((r) => r.key));
  const offered = offeredKeys(layer.keys, kv, data.catalog).filter((k) => !used.has(k));
  const [picked, setPicked] = useState("");
  const choice = offered.includes(picked) ? picked : (offered[0] ?? "");

  const update = (key: string, value: OverrideRow["value"]) => onChange(rows.map((r) => (r.key === key ? { key, value } : r)));

  return (
    <fieldset className="override-editor" data-testid="override-editor">
      <legend>Overrides</legend>
      {!data.version && <p className="warn small">The scene has no production version: there are no keys to offer.</p>}
      {rows.length === 0 && <p className="muted small">No overrides: this bucket serves the production configuration (a control).</p>}
      {rows.map((row) => {
        const param = paramSchemaOf(row.key, kv, data.catalog);
        const rowProblems = problems.filter((p) => overrideKeyOf(p) === row.key);
        return (
          <div key={row.key} className="override-row" data-testid="override-row" data-key={row.key}>
            <div className="override-key">
              <code>{row.key}</code>
              <span className="muted small">production: {row.key in kv ? <code>{kv[row.key]}</code> : <em>not set</em>}</span>
            </div>
            <div className="override-value" data-testid="override-value">
              {row.value === null ? (
                <em className="muted">unset: the key is removed{param ? ", the param takes its default" : ""}</em>
              ) : param ? (
                <ParamValueInput name={param.name} param={param} value={row.value} onChange={(v) => update(row.key, v)} idPrefix={idFor(row.key)} />
              ) : (
                <input className="text-value" value={row.value ?? ""} onChange={(e) => update(row.key, e.target.value)} placeholder="value (KV text)" data-testid="override-text" />
              )}
              {row.value === undefined && <p className="bad small">Enter a value, or mark the key unset.</p>}
              {rowProblems.map((p, i) => <p key={i} className="bad small">{p.message}</p>)}
            </div>
            <div className="override-actions">
              <label className="small">
                <input type="checkbox" checked={row.value === null} onChange={(e) => update(row.key, e.target.checked ? null : (kv[row.key] ?? undefined))} data-testid="override-unset" /> unset
              </label>
              <button type="button" onClick={() => onChange(rows.filter((r) => r.key !== row.key))} data-testid="override-remove">Remove</button>
            </div>
          </div>
        );
      })}
      {offered.length > 0 ? (
        <div className="override-add">
          <select value={choice} onChange={(e) => setPicked(e.target.value)} data-testid="override-key-select">
            {offered.map((k) => <option key={k} value={k}>{k}</option>)}
          </select>
          <button type="button" onClick={() => choice && onChange([...rows, { key: choice, value: kv[choice] }])} data-testid="override-add">Add override</button>
        </div>
      ) : (
        data.version && <p className="muted small">{used.size ? "Every key the layer owns is overridden." : `The layer's patterns (${layer.keys.join(", ")}) own no key of the production version.`}</p>
      )}
    </fieldset>
  );
}
