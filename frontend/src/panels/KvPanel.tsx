// "KV" tab: the saved head in its A/B key-value form (DESIGN §5), copyable, and an import
// of pasted KV as a new graph.
import { useEffect, useRef, useState } from "react";
import type { Problem } from "../api/types";
import { selectDirty, useEditor } from "../editor/store";
import { fetchKvText, problemsOf } from "./api";
import { shortHash } from "./format";
import { KvImport } from "./KvImport";
import { ProblemList } from "./ProblemList";
import { useCopy } from "./useCopy";
import "./panels.css";

const COPY_TEXT = { idle: "Copy", copied: "Copied ✓", failed: "Select with Ctrl+C" } as const;

export function KvPanel() {
  const graphId = useEditor((s) => s.graphId);
  const revision = useEditor((s) => s.resource?.revision);
  const hash = useEditor((s) => s.resource?.config_hash);
  const dirty = useEditor(selectDirty);
  const [text, setText] = useState<string | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const pre = useRef<HTMLPreElement>(null);
  const [copyState, copy] = useCopy(text ?? "", pre);

  // Reload whenever a save makes a new saved head.
  useEffect(() => {
    if (graphId === null) return;
    let cancelled = false;
    setProblems([]);
    fetchKvText(graphId).then(
      (t) => !cancelled && setText(t),
      (err: unknown) => {
        if (cancelled) return;
        setText(null);
        setProblems(problemsOf(err));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [graphId, revision]);

  const lines = text ? text.split("\n").filter((l) => l.trim()).length : 0;
  return (
    <div className="panel-pad kv-panel" data-testid="kv-panel">
      <div className="kv-head">
        <strong>Saved{revision !== undefined ? ` r${revision}` : ""}</strong>
        <span className="muted small" data-testid="kv-line-count">{text === null ? "" : `${lines} lines`}</span>
        {hash && <code className="muted small" title={`config_hash ${hash} (layout keys excluded)`}>{shortHash(hash)}</code>}
        <span className="spacer" />
        <button type="button" data-testid="kv-copy" disabled={!text} onClick={copy} className={copyState === "copied" ? "copied" : undefined}>
          {COPY_TEXT[copyState]}
        </button>
      </div>
      {dirty && (
        <p className="panel-note" data-testid="kv-unsaved-note">
          The editor has unsaved changes: this is the <strong>saved</strong> version. Save to see them here.
        </p>
      )}
      <ProblemList problems={problems} testId="kv-errors" />
      {text === null && !problems.length && <p className="muted small">Loading…</p>}
      {text !== null && <pre ref={pre} className="kv-text" data-testid="kv-text">{text}</pre>}
      <div className="inspector-section">
        <h4>Import KV as a new graph</h4>
        <KvImport />
      </div>
    </div>
  );
}
