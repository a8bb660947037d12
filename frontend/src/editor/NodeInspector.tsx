// Everything about one node: id (renames follow into references), optional, timeout,
// group, condition, the order of its sources, and its params form.
import type { GraphDocument, NodeDoc } from "../api/types";
import { wouldCreateCycle } from "../lib/connect";
import { renameNode, updateNode, type NodePatch } from "../lib/doc";
import { isValidId } from "../lib/ids";
import { CommitTextField, Field, IntField } from "./fields";
import { ParamsForm } from "./ParamsForm";
import { SourcesEditor } from "./SourcesEditor";
import { useEditor } from "./store";

const EMPTY: readonly never[] = [];

function conditionCandidates(doc: GraphDocument, node: NodeDoc, isBool: (op: string) => boolean): string[] {
  return doc.nodes.filter((n) => n.id !== node.id && isBool(n.op) && !wouldCreateCycle(doc, n.id, node.id)).map((n) => n.id);
}

export function NodeInspector({ node }: { node: NodeDoc }) {
  const doc = useEditor((s) => s.doc);
  const catalog = useEditor((s) => s.catalog);
  const canEdit = useEditor((s) => s.canEdit);
  const problems = useEditor((s) => s.problemsByNode[node.id]) ?? EMPTY;
  const entry = catalog[node.op];
  const patch = (p: NodePatch, key?: string) => {
    const s = useEditor.getState();
    s.commit(updateNode(s.doc, node.id, p), key);
  };
  const rename = (to: string) => {
    const s = useEditor.getState();
    s.commit(renameNode(s.doc, node.id, to));
    s.setSelection([to]);
  };
  const checkId = (id: string) => {
    if (!isValidId(id)) return "lower-case letter first, then a–z, 0–9, _ (max 64)";
    return doc.nodes.some((n) => n.id === id) ? "another node has this id" : null;
  };
  const condKind = node.when ? "when" : node.unless ? "unless" : "";
  const condNode = node.when ?? node.unless ?? "";
  const candidates = conditionCandidates(doc, node, (op) => catalog[op]?.output.type.toLowerCase() === "bool");
  const setCondition = (kind: string, id: string) =>
    patch({ when: kind === "when" && id ? id : undefined, unless: kind === "unless" && id ? id : undefined });

  return (
    <div className="node-inspector">
      <div className="inspector-title">
        <strong>{entry?.title ?? node.op}</strong> <code>{node.op}</code>
        {entry && <p className="muted inspector-desc">{entry.description}</p>}
        {!entry && <p className="bad">Unknown operator.</p>}
      </div>
      <CommitTextField label="Node id" value={node.id} disabled={!canEdit} testId="node-id-input" check={checkId} onCommit={rename} />
      <div className="field-row">
        <label className="check">
          <input type="checkbox" checked={!!node.optional} disabled={!canEdit} data-testid="node-optional" onChange={(e) => patch({ optional: e.target.checked })} />
          optional <small className="muted">(a failure or timeout skips it)</small>
        </label>
      </div>
      <IntField label="Timeout (ms)" value={node.timeout_ms} min={1} max={3_600_000} disabled={!canEdit} placeholder="inherit" testId="node-timeout" onChange={(v) => patch({ timeout_ms: v }, `timeout:${node.id}`)} />
      <Field label="Group">
        <select value={node.group ?? ""} disabled={!canEdit} data-testid="node-group" onChange={(e) => patch({ group: e.target.value || undefined })}>
          <option value="">(none)</option>
          {(doc.groups ?? []).map((g) => <option key={g.id} value={g.id}>{g.label || g.id}</option>)}
        </select>
      </Field>
      <Field label="Condition" hint={candidates.length || condNode ? undefined : "add a bool node (e.g. control.condition) to run this only for some requests"}>
        <div className="cond-row">
          <select value={condKind} disabled={!canEdit} data-testid="node-cond-kind" onChange={(e) => setCondition(e.target.value, condNode || candidates[0] || "")}>
            <option value="">always run</option>
            <option value="when">run when</option>
            <option value="unless">run unless</option>
          </select>
          {condKind && (
            <select value={condNode} disabled={!canEdit} data-testid="node-cond-node" onChange={(e) => setCondition(condKind, e.target.value)}>
              {!candidates.includes(condNode) && <option value={condNode}>{condNode}</option>}
              {candidates.map((id) => <option key={id} value={id}>{id}</option>)}
            </select>
          )}
        </div>
      </Field>
      <SourcesEditor node={node} canEdit={canEdit} />
      {entry && (
        <div className="inspector-section">
          <h4>Parameters</h4>
          <ParamsForm key={`${node.id}/${node.op}`} nodeId={node.id} params={node.params} entry={entry} problems={problems} readonly={!canEdit} />
        </div>
      )}
      {problems.length > 0 && (
        <div className="inspector-section">
          <h4>Problems</h4>
          <ul className="node-problems">
            {problems.map((p, i) => <li key={i}><code>{p.field ?? p.code}</code> {p.message}</li>)}
          </ul>
        </div>
      )}
    </div>
  );
}
