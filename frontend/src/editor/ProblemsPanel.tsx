// Validation problems of the current document; clicking one selects and centres its node.
import { useReactFlow } from "@xyflow/react";
import { focusNode } from "./actions";
import { useEditor } from "./store";

export function ProblemsPanel() {
  const problems = useEditor((s) => s.problems);
  const validating = useEditor((s) => s.validating);
  const { setCenter, getZoom } = useReactFlow();
  return (
    <div className="problems" data-testid="problems">
      {!problems.length && <p className="muted ok-line">{validating ? "Checking…" : "No problems: the graph is valid."}</p>}
      <ul>
        {problems.map((p, i) => (
          <li key={`${p.node}-${p.code}-${i}`}>
            <button
              type="button"
              className="problem"
              data-testid="problem"
              data-node={p.node ?? ""}
              onClick={() => p.node && focusNode(p.node, setCenter, getZoom())}
            >
              <span className="problem-where">{p.node ?? "graph"}{p.field ? ` · ${p.field}` : ""}</span>
              <span className="problem-msg">{p.message}</span>
              <code className="problem-code">{p.code}</code>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
