// The one canvas node for every operator: op title, id, a few set params, one handle per
// input port (typed, multi-source ports marked), a condition handle on top and the output.
import { memo } from "react";
import { Handle, Position, useStore, type NodeProps, type ReactFlowState } from "@xyflow/react";
import { nodeRuleWords } from "../cep/ruleWords";
import { COND_HANDLE, inHandle, OUT_HANDLE } from "../lib/connect";
import { handlesFor, type OpFlowNode } from "../lib/flow";
import { COND_HANDLE_X, HEADER_H, PARAM_ROW_H, PORT_ROW_H, portCenterY } from "../lib/geometry";

function formatDuration(us: number): string {
  return us >= 1000 ? `${(us / 1000).toFixed(1)} ms` : `${us} µs`;
}

// Below this zoom the text is unreadable: draw a plain box with the id (far fewer DOM
// elements, which keeps a zoomed-out 1,000-node graph fluid). Edges do not need the DOM
// handles: their positions come from the node's precomputed `handles`.
const LOW_DETAIL_ZOOM = 0.45;
const zoomedOut = (s: ReactFlowState) => s.transform[2] < LOW_DETAIL_ZOOM;

// React Flow measures a node's handles from its DOM when the node mounts (and prefers
// that to the precomputed `handles`), so a node first drawn zoomed out would lose its
// edges. Plain, hidden stand-ins at the same places keep the measurement right.
function HandleAnchors({ geom }: { geom: OpFlowNode["data"]["geom"] }) {
  return handlesFor(geom).map((h) => (
    <div key={h.id} className={`lod-anchor ${h.type}`} data-handleid={h.id} data-handlepos={h.position} style={{ left: h.x, top: h.y, width: h.width ?? 1, height: h.height ?? 1 }} />
  ));
}

function OpNodeView({ data, selected }: NodeProps<OpFlowNode>) {
  const { node, entry, geom, problems, decoration } = data;
  const lowDetail = useStore(zoomedOut);
  const classes = ["op-node"];
  if (selected) classes.push("selected");
  if (problems.length) classes.push("has-problems");
  if (!entry) classes.push("unknown-op");
  if (decoration?.status) classes.push(`status-${decoration.status}`);
  if (decoration?.diff) classes.push(`diff-${decoration.diff}`);
  const isCondition = geom.outputType.toLowerCase() === "bool";
  // A rule's pattern node says its rule in words on hover (its params are nested JSON).
  const title = problems.length ? problems.map((p) => p.message).join("\n") : (decoration?.note ?? nodeRuleWords(node) ?? entry?.description);
  // Read by end-to-end tests and by CSS: the run status and the version-diff kind.
  const marks = { "data-status": decoration?.status, "data-diff": decoration?.diff };
  if (lowDetail) {
    classes.push("low-detail");
    return (
      <div className={classes.join(" ")} style={{ width: geom.width, height: geom.height }} title={title} {...marks}>
        <HandleAnchors geom={geom} />
        <span className="op-node-lod-id">{node.id}</span>
        {problems.length > 0 && <span className="op-node-badge bad" data-testid="node-problem-count">{problems.length}</span>}
      </div>
    );
  }
  return (
    <div className={classes.join(" ")} style={{ width: geom.width, height: geom.height }} title={title} {...marks}>
      <Handle type="target" id={COND_HANDLE} position={Position.Top} className="handle-cond" style={{ left: COND_HANDLE_X }} title="condition (when / unless): connect a bool node here" />
      <div className="op-node-header" style={{ height: HEADER_H }}>
        <div className="op-node-title">
          <span className="op-node-op">{entry?.title ?? node.op}</span>
          {problems.length > 0 && <span className="op-node-badge bad" data-testid="node-problem-count">{problems.length}</span>}
          {decoration?.status && <span className={`op-node-badge st-${decoration.status}`}>{decoration.status}</span>}
          {decoration?.diff && <span className={`op-node-badge df-${decoration.diff}`}>{decoration.diff}</span>}
        </div>
        <div className="op-node-sub">
          <span className="op-node-id">{node.id}</span>
          {node.optional && <span className="op-node-flag">optional</span>}
          {node.when && <span className="op-node-flag cond">when {node.when}</span>}
          {node.unless && <span className="op-node-flag cond">unless {node.unless}</span>}
          {decoration?.durationUs != null && <span className="op-node-flag">{formatDuration(decoration.durationUs)}</span>}
        </div>
      </div>
      {geom.params.map(([k, v]) => (
        <div className="op-node-param" key={k} style={{ height: PARAM_ROW_H }}>
          <span className="k">{k}</span> <span className="v">{v}</span>
        </div>
      ))}
      {geom.moreParams > 0 && (
        <div className="op-node-param more" style={{ height: PARAM_ROW_H }}>+{geom.moreParams} more</div>
      )}
      {geom.ports.map((p, i) => (
        <div key={p.name} className="op-port" style={{ top: portCenterY(geom, i) - PORT_ROW_H / 2, height: PORT_ROW_H }}>
          <Handle
            type="target"
            id={inHandle(p.name)}
            position={Position.Left}
            className={p.multiple ? "handle-multi" : undefined}
            style={{ top: PORT_ROW_H / 2 }}
          />
          <span className="op-port-name">{p.name}</span>
          <span className={`op-port-type${p.unknown ? " unknown" : ""}`}>{p.type}{p.multiple ? "[ ]" : ""}</span>
          {!p.required && <span className="op-port-opt">opt</span>}
        </div>
      ))}
      <div className="op-out" style={{ top: portCenterY(geom, 0) - PORT_ROW_H / 2, height: PORT_ROW_H }}>
        <span className={`op-port-type${isCondition ? " bool" : ""}`}>{geom.outputType}</span>
        <Handle type="source" id={OUT_HANDLE} position={Position.Right} style={{ top: PORT_ROW_H / 2 }} className={isCondition ? "handle-bool" : undefined} />
      </div>
    </div>
  );
}

export const OpNode = memo(OpNodeView);
