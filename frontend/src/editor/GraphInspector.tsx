// Graph-wide settings, shown when nothing is selected.
import { setSettings } from "../lib/doc";
import { groupFlowId } from "../lib/flow";
import { Field, IntField } from "./fields";
import { useEditor } from "./store";

export function GraphInspector() {
  const doc = useEditor((s) => s.doc);
  const description = useEditor((s) => s.description);
  const canEdit = useEditor((s) => s.canEdit);
  const settings = doc.settings ?? {};
  const commit = (patch: Parameters<typeof setSettings>[1], key?: string) => {
    const s = useEditor.getState();
    s.commit(setSettings(s.doc, patch), key);
  };
  return (
    <div className="graph-inspector">
      <div className="inspector-title"><strong>Graph</strong> <span className="muted">— select a node to edit it</span></div>
      <Field label="Name">
        <input
          value={doc.name}
          disabled={!canEdit}
          data-testid="graph-name"
          onChange={(e) => {
            const s = useEditor.getState();
            s.commit({ ...s.doc, name: e.target.value }, "graph-name");
          }}
        />
      </Field>
      <Field label="Description">
        <textarea rows={2} value={description} disabled={!canEdit} data-testid="graph-description" onChange={(e) => useEditor.getState().setDescription(e.target.value)} />
      </Field>
      <IntField label="Timeout (ms)" value={settings.timeout_ms} min={1} max={3_600_000} disabled={!canEdit} placeholder="none" testId="graph-timeout" onChange={(v) => commit({ timeout_ms: v }, "graph-timeout")} />
      <IntField label="Max concurrency" value={settings.max_concurrency} min={1} max={10_000} disabled={!canEdit} placeholder="unbounded" testId="graph-concurrency" onChange={(v) => commit({ max_concurrency: v }, "graph-concurrency")} />
      <Field label="Output node" hint="Needed only when several nodes have no consumer.">
        <select value={settings.output ?? ""} disabled={!canEdit} data-testid="graph-output" onChange={(e) => commit({ output: e.target.value || undefined })}>
          <option value="">(the unique sink)</option>
          {settings.output && !doc.nodes.some((n) => n.id === settings.output) && <option value={settings.output}>{settings.output}</option>}
          {doc.nodes.map((n) => <option key={n.id} value={n.id}>{n.id}</option>)}
        </select>
      </Field>
      <div className="inspector-section">
        <h4>Groups</h4>
        {!(doc.groups ?? []).length && <p className="muted">None. Select nodes and press “Group”.</p>}
        <ul className="plain">
          {(doc.groups ?? []).map((g) => (
            <li key={g.id}>
              <button type="button" className="link" onClick={() => useEditor.getState().setSelection([groupFlowId(g.id)])}>{g.label || g.id}</button>{" "}
              <small className="muted">{doc.nodes.filter((n) => n.group === g.id).length} nodes</small>
            </li>
          ))}
        </ul>
      </div>
      <p className="muted small">{doc.nodes.length} nodes.</p>
    </div>
  );
}
