// One group: id, label, timeout and concurrency bounds, collapse, ungroup.
import type { GroupDoc } from "../api/types";
import { groupFlowId } from "../lib/flow";
import { ungroup, updateGroup, type GroupPatch } from "../lib/groups";
import { isValidId } from "../lib/ids";
import { CommitTextField, Field, IntField } from "./fields";
import { useEditor } from "./store";

export function GroupInspector({ group }: { group: GroupDoc }) {
  const doc = useEditor((s) => s.doc);
  const canEdit = useEditor((s) => s.canEdit);
  const collapsed = useEditor((s) => s.collapsed.has(group.id));
  const members = doc.nodes.filter((n) => n.group === group.id);
  const patch = (p: GroupPatch, key?: string) => {
    const s = useEditor.getState();
    s.commit(updateGroup(s.doc, group.id, p), key);
  };
  const checkId = (id: string) => {
    if (!isValidId(id)) return "lower-case letter first, then a–z, 0–9, _ (max 64)";
    return (doc.groups ?? []).some((g) => g.id === id) ? "another group has this id" : null;
  };
  return (
    <div className="group-inspector">
      <div className="inspector-title"><strong>Group</strong> <code>{group.id}</code></div>
      <CommitTextField
        label="Group id"
        value={group.id}
        disabled={!canEdit}
        testId="group-id-input"
        check={checkId}
        onCommit={(id) => {
          const s = useEditor.getState();
          const wasCollapsed = s.collapsed.has(group.id);
          patch({ id });
          if (wasCollapsed) {
            s.toggleCollapsed(group.id, false);
            s.toggleCollapsed(id, true);
          }
          s.setSelection([groupFlowId(id)]);
        }}
      />
      <Field label="Label">
        <input value={group.label ?? ""} disabled={!canEdit} data-testid="group-label" onChange={(e) => patch({ label: e.target.value || undefined }, `glabel:${group.id}`)} />
      </Field>
      <IntField label="Timeout (ms)" value={group.timeout_ms} min={1} max={3_600_000} disabled={!canEdit} placeholder="inherit" onChange={(v) => patch({ timeout_ms: v }, `gtimeout:${group.id}`)} />
      <IntField label="Max concurrency" value={group.max_concurrency} min={1} max={10_000} disabled={!canEdit} placeholder="unbounded" onChange={(v) => patch({ max_concurrency: v }, `gconc:${group.id}`)} />
      <div className="button-row">
        <button type="button" onClick={() => useEditor.getState().toggleCollapsed(group.id)}>{collapsed ? "Expand" : "Collapse"}</button>
        <button
          type="button"
          disabled={!canEdit}
          onClick={() => {
            const s = useEditor.getState();
            s.commit(ungroup(s.doc, [group.id]));
            s.setSelection(members.map((m) => m.id));
          }}
        >
          Ungroup
        </button>
      </div>
      <div className="inspector-section">
        <h4>Members</h4>
        <ul className="plain">
          {members.map((m) => (
            <li key={m.id}>
              <button type="button" className="link" onClick={() => useEditor.getState().setSelection([m.id])}>{m.id}</button> <small className="muted">{m.op}</small>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
