// "Test run" tab: a context → run the saved head on a worker → statuses and durations on
// the canvas, the timing waterfall, and the output of the selected node.
import { useMemo, useState } from "react";
import { saveGraph } from "../editor/persistence";
import { selectDirty, selectSingleNodeId, useEditor } from "../editor/store";
import { ContextEditor } from "./ContextEditor";
import { readContext, writeContext } from "./contextStorage";
import { Elapsed } from "./Elapsed";
import { parseJsonObject } from "./jsonInput";
import { OutputPreview } from "./OutputPreview";
import { ProblemList } from "./ProblemList";
import { RunSummary } from "./RunSummary";
import { clearTestRun, startTestRun, useRunStore } from "./runStore";
import { useFocusNode } from "./useFocusNode";
import { Waterfall } from "./Waterfall";
import "./panels.css";

export function TestRunPanel() {
  const graphId = useEditor((s) => s.graphId);
  const dirty = useEditor(selectDirty);
  const canEdit = useEditor((s) => s.canEdit);
  const inDiff = useEditor((s) => s.diffView !== null);
  const revision = useEditor((s) => s.resource?.revision);
  const selected = useEditor(selectSingleNodeId);
  const run = useRunStore();
  const [text, setText] = useState(() => readContext(graphId ?? 0));
  const parsed = useMemo(() => parseJsonObject(text), [text]);
  const focus = useFocusNode();
  if (graphId === null) return null;

  const mine = run.graphId === graphId;
  const busy = mine && run.phase !== "idle";
  const outcome = mine ? run.outcome : null;
  const change = (t: string) => {
    setText(t);
    writeContext(graphId, t);
  };
  const start = () => {
    if (parsed.ok) void startTestRun(graphId, parsed.value, run.serial);
  };
  const saveAndRun = async () => {
    await saveGraph();
    const s = useEditor.getState();
    if (!s.saveError && !s.conflict) start();
  };
  const previewId = selected && outcome && (selected in outcome.nodeStatus || selected in outcome.outputs) ? selected : null;

  return (
    <div className="panel-pad test-run" data-testid="test-run-panel">
      <ContextEditor value={text} parsed={parsed} onChange={change} />
      <label className="check">
        <input type="checkbox" data-testid="run-serial" checked={run.serial} onChange={(e) => useRunStore.setState({ serial: e.target.checked })} />
        serial <small className="muted">(one node at a time, in a fixed order: for debugging)</small>
      </label>
      {dirty && (
        <p className="panel-note" data-testid="run-unsaved-note">
          The editor has unsaved changes. A test run uses the <strong>saved</strong> graph (r{revision}).
        </p>
      )}
      <div className="button-row">
        <button type="button" className="primary" data-testid="run-button" disabled={!parsed.ok || busy} onClick={start}>
          {dirty ? "Run saved version" : "Run"}
        </button>
        {dirty && canEdit && !inDiff && (
          <button type="button" data-testid="run-save-and-run" disabled={!parsed.ok || busy} onClick={() => void saveAndRun()}>
            Save and run
          </button>
        )}
        {busy && (
          <span className="run-progress" data-testid="run-progress" role="status">
            <span className="spinner" /> {run.phase === "polling" ? "Queued on a worker, waiting…" : "Running…"} <Elapsed since={run.startedAt} />
          </span>
        )}
      </div>
      {mine && <ProblemList problems={run.problems} testId="run-problems" />}
      {outcome && (
        <>
          <RunSummary run={outcome} onClear={clearTestRun} />
          <div className="inspector-section">
            <h4>Timing</h4>
            <Waterfall trace={outcome.trace} selected={selected} onSelect={focus} />
          </div>
          <div className="inspector-section">
            <h4>Output</h4>
            <OutputPreview nodeId={previewId} output={previewId ? outcome.outputs[previewId] : undefined} status={previewId ? outcome.nodeStatus[previewId] : undefined} />
          </div>
        </>
      )}
    </div>
  );
}
