import { SHORTCUTS } from "./shortcuts";
import { useEditor } from "./store";

export function HelpPanel() {
  const open = useEditor((s) => s.helpOpen);
  const setOpen = useEditor((s) => s.setHelpOpen);
  if (!open) return null;
  return (
    <div className="help-panel" data-testid="help-panel" role="dialog" aria-label="Keyboard shortcuts">
      <div className="help-head">
        <strong>Keyboard shortcuts</strong>
        <button type="button" onClick={() => setOpen(false)} aria-label="Close">✕</button>
      </div>
      <table>
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={keys}><td><kbd>{keys}</kbd></td><td>{what}</td></tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        Drag operators from the palette. Connect an output to an input port of the same type;
        connect a bool node to the ◆ handle on top of a node to make it a condition (when / unless
        in the inspector). Links that would close a cycle are refused.
      </p>
    </div>
  );
}
