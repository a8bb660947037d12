// Shown above the canvas while it draws a version diff: what is compared, a legend, and
// the way back.
import { useEditor } from "../editor/store";
import { useDiffMode } from "./diffMode";
import "./panels.css";

export function DiffBanner() {
  const view = useEditor((s) => s.diffView);
  const setRightTab = useEditor((s) => s.setRightTab);
  const { exit } = useDiffMode();
  if (!view) return null;
  return (
    <div className="panel-banner diff" data-testid="diff-banner" role="status">
      <strong>Diff {view.title}</strong>
      <span className="muted">read-only · {view.summary}</span>
      <span className="legend">
        <span className="swatch added" /> added <span className="swatch changed" /> changed <span className="swatch removed" /> removed
      </span>
      <span className="spacer" />
      <button type="button" onClick={() => setRightTab("versions")}>Changes</button>
      <button type="button" className="primary" data-testid="diff-exit" onClick={exit}>Exit diff</button>
    </div>
  );
}
