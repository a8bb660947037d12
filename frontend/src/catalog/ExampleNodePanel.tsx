import { useEffect, useRef, useState } from "react";
import type { OperatorEntry } from "../api/types";
import { exampleNode } from "./exampleNode";

type CopyState = "idle" | "copied" | "failed";

/** A node to paste into a graph document's `nodes`, with a Copy button. */
export function ExampleNodePanel({ entry }: { entry: OperatorEntry }) {
  const node = exampleNode(entry);
  const json = JSON.stringify(node, null, 2);
  const [copy, setCopy] = useState<CopyState>("idle");
  const pre = useRef<HTMLPreElement>(null);

  useEffect(() => {
    if (copy === "idle") return;
    const timer = setTimeout(() => setCopy("idle"), 1500);
    return () => clearTimeout(timer);
  }, [copy]);

  function failed() {
    // Select the text instead, so Ctrl+C still works.
    if (pre.current) window.getSelection()?.selectAllChildren(pre.current);
    setCopy("failed");
  }

  function onCopy() {
    // The Clipboard API exists only in secure contexts (https or localhost).
    if (!navigator.clipboard) return failed();
    navigator.clipboard.writeText(json).then(() => setCopy("copied"), failed);
  }

  return (
    <section className="cat-panel" data-testid="example-node">
      <div className="panel-head">
        <h2>Example node</h2>
        <button type="button" className="copy-btn" onClick={onCopy} data-testid="example-node-copy">
          {copy === "copied" ? "Copied" : copy === "failed" ? "Selected: press Ctrl+C" : "Copy"}
        </button>
      </div>
      <pre className="example-json" ref={pre}>{json}</pre>
      {node.inputs && (
        <p className="muted small">
          The sources are placeholders: put the ids of the nodes that feed this one.
        </p>
      )}
    </section>
  );
}
