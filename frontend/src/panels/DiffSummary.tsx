// The changes of the diff on the canvas, one entry each; a click centres its node.
// Changed nodes list their fields with old → new values.
import { selectSingleNodeId, useEditor } from "../editor/store";
import { formatValue } from "./format";
import { useFocusNode } from "./useFocusNode";
import type { DiffView } from "./visualDiff";

const MARK = { added: "+", removed: "−", changed: "~" } as const;

export function DiffSummary({ view }: { view: DiffView }) {
  const selected = useEditor(selectSingleNodeId);
  const focus = useFocusNode();
  return (
    <div className="diff-summary" data-testid="diff-summary">
      <p className="small"><strong>{view.title}</strong>: {view.summary}</p>
      {!view.entries.length && <p className="muted small">The two documents are the same (positions aside).</p>}
      <ul className="plain">
        {view.entries.map((e, i) => (
          <li key={`${e.kind}-${e.text}-${i}`} className={`diff-entry de-${e.change}${e.node && e.node === selected ? " active" : ""}`} data-testid="diff-entry" data-node={e.node ?? ""} data-change={e.change} data-kind={e.kind}>
            <button type="button" className="diff-entry-main" disabled={!e.node} onClick={() => e.node && focus(e.node)} title={e.node ? "Show on the canvas" : undefined}>
              <span className="diff-mark">{MARK[e.change]}</span> {e.text}
            </button>
            {e.kind === "node" && e.changes.length > 0 && (
              <ul className="diff-fields">
                {e.changes.map((c) => (
                  <li key={c.field}>
                    <code>{c.field}</code>: <span className="old">{formatValue(c.old)}</span> → <span className="new">{formatValue(c.new)}</span>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
