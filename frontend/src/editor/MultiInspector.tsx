// Several things selected: group them or delete them.
import { deleteSelection, groupSelection } from "./actions";
import { useEditor } from "./store";

export function MultiInspector({ nodes, other }: { nodes: number; other: number }) {
  const canEdit = useEditor((s) => s.canEdit);
  return (
    <div>
      <div className="inspector-title"><strong>{nodes} nodes</strong>{other ? ` and ${other} other items` : ""} selected</div>
      <div className="button-row">
        <button type="button" disabled={!canEdit || !nodes} data-testid="group-button" onClick={groupSelection}>Group</button>
        <button type="button" disabled={!canEdit} onClick={deleteSelection}>Delete</button>
      </div>
      <p className="muted small">Shift-click adds to the selection; Shift-drag selects a box.</p>
    </div>
  );
}
