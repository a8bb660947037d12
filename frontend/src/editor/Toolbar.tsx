// Editor toolbar: save state, history, layout and view commands, help.
import { useState } from "react";
import { Link } from "react-router-dom";
import { autoLayout, deleteSelection, groupSelection } from "./actions";
import { saveGraph } from "./persistence";
import { selectSaveStatus, useEditor } from "./store";

const STATUS_TEXT = { saved: "Saved", dirty: "Unsaved changes", saving: "Saving…" } as const;

export function Toolbar({ fitView }: { fitView: () => void }) {
  const name = useEditor((s) => s.doc.name);
  const revision = useEditor((s) => s.resource?.revision);
  const status = useEditor(selectSaveStatus);
  const saveError = useEditor((s) => s.saveError);
  const canEdit = useEditor((s) => s.canEdit);
  const canUndo = useEditor((s) => s.history.past.length > 0);
  const canRedo = useEditor((s) => s.history.future.length > 0);
  const hasSelection = useEditor((s) => s.selected.size > 0);
  const valid = useEditor((s) => s.problems.length === 0);
  const undo = useEditor((s) => s.undo);
  const redo = useEditor((s) => s.redo);
  const helpOpen = useEditor((s) => s.helpOpen);
  const setHelpOpen = useEditor((s) => s.setHelpOpen);
  const [layingOut, setLayingOut] = useState(false);

  const layout = async () => {
    setLayingOut(true);
    try {
      await autoLayout();
      window.setTimeout(fitView, 50);
    } finally {
      setLayingOut(false);
    }
  };

  return (
    <div className="editor-toolbar" data-testid="editor-toolbar">
      {/* Leaving with unsaved changes is asked by useUnsavedGuard's blocker. */}
      <Link to="/" className="crumb">
        Graphs
      </Link>
      <span className="crumb-sep">/</span>
      <strong className="graph-title">{name || "(unnamed)"}</strong>
      {revision !== undefined && <span className="muted">r{revision}</span>}
      <span className={`badge ${valid ? "ok" : "bad"}`}>{valid ? "valid" : "invalid"}</span>
      {!canEdit && <span className="badge muted-badge" title="Your role can read graphs but not change them">read-only</span>}
      <span className="toolbar-sep" />
      <button type="button" data-testid="undo-button" disabled={!canEdit || !canUndo} onClick={undo} title="Undo (Ctrl+Z)">↶ Undo</button>
      <button type="button" data-testid="redo-button" disabled={!canEdit || !canRedo} onClick={redo} title="Redo (Ctrl+Shift+Z)">↷ Redo</button>
      <button type="button" data-testid="group-selection-button" disabled={!canEdit || !hasSelection} onClick={groupSelection} title="Group the selected nodes (Ctrl+G)">Group</button>
      <button type="button" disabled={!canEdit || !hasSelection} onClick={deleteSelection} title="Delete the selection (Del)">Delete</button>
      <button type="button" data-testid="layout-button" disabled={!canEdit || layingOut} onClick={() => void layout()} title="Auto-layout, left to right (Shift+L)">{layingOut ? "Laying out…" : "Auto-layout"}</button>
      <button type="button" data-testid="fit-button" onClick={fitView} title="Zoom to fit (F)">Fit</button>
      <span className="spacer" />
      {saveError && <span className="save-error" title={saveError}>Save failed: {saveError}</span>}
      <span className={`save-status ${status}`} data-testid="save-status">{STATUS_TEXT[status]}</span>
      <button type="button" className="primary" data-testid="save-button" disabled={!canEdit || status === "saving"} onClick={() => void saveGraph()} title="Save (Ctrl+S)">Save</button>
      <button type="button" data-testid="help-button" className={helpOpen ? "active" : undefined} onClick={() => setHelpOpen(!helpOpen)} title="Keyboard shortcuts (?)">?</button>
    </div>
  );
}
