// The React Flow canvas, fully controlled by the store: nodes and edges are derived from
// the document; drags, connections, deletions and selection go back as store actions.
import { useCallback, useMemo, useRef, useState, type DragEvent, type MouseEvent } from "react";
import {
  Background, Controls, MiniMap, ReactFlow, useReactFlow,
  type Connection, type Edge, type EdgeChange, type FitViewOptions, type IsValidConnection, type NodeChange, type OnBeforeDelete,
} from "@xyflow/react";
import type { NodeDoc } from "../api/types";
import { checkConnection } from "../lib/connect";
import { buildFlow, emptyFlowCache, positionsFromChanges, type FlowEdge, type FlowNode } from "../lib/flow";
import { NODE_WIDTH } from "../lib/geometry";
import { diffEdges } from "../panels/visualDiff";
import { OP_DRAG_TYPE, pointer } from "./actions";
import { GroupBox } from "./GroupBox";
import { OpNode } from "./OpNode";
import { useEditor } from "./store";

// Module level so React Flow never sees a new object (it would remount every node).
const nodeTypes = { op: OpNode, loomGroup: GroupBox };
const DELETE_KEYS = ["Delete", "Backspace"];
const MULTI_SELECT_KEYS = ["Shift", "Meta", "Control"];
const FIT_ALL_LIMIT = 300;
const OPENING_NODES = 30;
const NO_PROBLEMS = {};

function openingView(nodes: readonly NodeDoc[]): FitViewOptions<FlowNode> | null {
  if (!nodes.length) return null;
  if (nodes.length <= FIT_ALL_LIMIT) return { padding: 0.1, maxZoom: 1 };
  const corner = [...nodes]
    .sort((a, b) => (a.position?.x ?? 0) + (a.position?.y ?? 0) - (b.position?.x ?? 0) - (b.position?.y ?? 0))
    .slice(0, OPENING_NODES)
    .map((n) => ({ id: n.id }));
  return { padding: 0.1, maxZoom: 1, minZoom: 0.5, nodes: corner };
}
function miniMapColor(node: FlowNode): string {
  if (node.type !== "op") return node.data.collapsed ? "#9aa3b5" : "transparent";
  if (node.data.problems.length) return "#e5a3a0";
  if (node.selected) return "#3355dd";
  return "#c6cddb";
}

export function Canvas() {
  // Diff mode (panels/VersionsPanel) shows the diff's document in place of the editor's.
  const diffView = useEditor((s) => s.diffView);
  const doc = useEditor((s) => s.diffView?.doc ?? s.doc);
  const catalog = useEditor((s) => s.catalog);
  const selected = useEditor((s) => s.selected);
  const problemsByNode = useEditor((s) => (s.diffView ? NO_PROBLEMS : s.problemsByNode));
  const decorations = useEditor((s) => s.diffView?.decorations ?? s.nodeDecorations);
  const collapsed = useEditor((s) => s.collapsed);
  const canEdit = useEditor((s) => s.canEdit);
  const { screenToFlowPosition } = useReactFlow();
  // Fit once on open, and only a graph that has nodes: React Flow would otherwise fit (and
  // zoom right in on) the first node dropped onto an empty canvas. A large graph opens on
  // its top-left corner at a readable zoom (few nodes to draw); "F" or the minimap shows all.
  const [fitOptions] = useState(() => openingView(useEditor.getState().doc.nodes));

  const cache = useRef(emptyFlowCache());
  const flow = useMemo(() => {
    const built = buildFlow({ doc, catalog, selected, problemsByNode, decorations, collapsed }, cache.current);
    cache.current = built.cache;
    return built;
  }, [doc, catalog, selected, problemsByNode, decorations, collapsed]);
  const edges = useMemo(() => (diffView ? diffEdges(flow.edges, diffView) : flow.edges), [flow, diffView]);
  const flowRef = useRef(flow);
  flowRef.current = flow;
  const dragSession = useRef(0);

  const onNodesChange = useCallback((changes: NodeChange<FlowNode>[]) => {
    const s = useEditor.getState();
    const moves = changes.flatMap((c) => (c.type === "position" && c.position ? [{ id: c.id, position: c.position }] : []));
    if (moves.length) {
      const current = new Map(flowRef.current.nodes.map((n) => [n.id, n]));
      s.moveNodes(positionsFromChanges(s.doc, moves, current), `move:${dragSession.current}`);
    }
    s.applySelection(changes.flatMap((c) => (c.type === "select" ? [{ id: c.id, selected: c.selected }] : [])));
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<FlowEdge>[]) => {
    useEditor.getState().applySelection(changes.flatMap((c) => (c.type === "select" ? [{ id: c.id, selected: c.selected }] : [])));
  }, []);

  // One drag = one undo step: moves share a key until the drag stops (React Flow may
  // report the first move before onNodeDragStart, so the key changes at the stop).
  const onNodeDragStop = useCallback(() => {
    dragSession.current += 1;
  }, []);

  const onConnect = useCallback((conn: Connection) => useEditor.getState().connect(conn), []);

  const isValidConnection: IsValidConnection<Edge> = useCallback((conn) => {
    const s = useEditor.getState();
    return checkConnection(s.doc, s.catalog, conn).ok;
  }, []);

  // Removal goes through one store action (one undo step); React Flow's own remove
  // changes are ignored in onNodesChange.
  const onBeforeDelete: OnBeforeDelete<FlowNode, FlowEdge> = useCallback(async ({ nodes, edges }) => {
    const s = useEditor.getState();
    if (!s.canEdit) return false;
    s.deleteElements([...nodes.map((n) => n.id), ...edges.filter((e) => e.deletable !== false).map((e) => e.id)]);
    return false;
  }, []);

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(OP_DRAG_TYPE)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "copy";
  }, []);

  const onDrop = useCallback((e: DragEvent) => {
    const op = e.dataTransfer.getData(OP_DRAG_TYPE);
    if (!op) return;
    e.preventDefault();
    const p = screenToFlowPosition({ x: e.clientX, y: e.clientY });
    useEditor.getState().addOperator(op, { x: p.x - NODE_WIDTH / 2, y: p.y - 20 });
  }, [screenToFlowPosition]);

  const onMouseMove = useCallback((e: MouseEvent) => {
    pointer.flow = screenToFlowPosition({ x: e.clientX, y: e.clientY });
  }, [screenToFlowPosition]);
  const onMouseLeave = useCallback(() => {
    pointer.flow = null;
  }, []);

  // Toggled on the DOM directly: a re-render per pan start/end is not needed.
  const wrapper = useRef<HTMLDivElement>(null);
  const onMoveStart = useCallback(() => wrapper.current?.classList.add("moving"), []);
  const onMoveEnd = useCallback(() => wrapper.current?.classList.remove("moving"), []);

  return (
    <div ref={wrapper} className="canvas" data-testid="canvas" onDragOver={onDragOver} onDrop={onDrop} onMouseMove={onMouseMove} onMouseLeave={onMouseLeave}>
      <ReactFlow<FlowNode, FlowEdge>
        nodes={flow.nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStop={onNodeDragStop}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onBeforeDelete={onBeforeDelete}
        onMoveStart={onMoveStart}
        onMoveEnd={onMoveEnd}
        nodesDraggable={canEdit}
        nodesConnectable={canEdit}
        deleteKeyCode={canEdit ? DELETE_KEYS : null}
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        selectionKeyCode="Shift"
        elevateNodesOnSelect={false}
        onlyRenderVisibleElements
        fitView={fitOptions !== null}
        fitViewOptions={fitOptions ?? undefined}
        minZoom={0.05}
        maxZoom={2}
      >
        <Background gap={16} />
        <Controls />
        <MiniMap<FlowNode> pannable zoomable nodeColor={miniMapColor} />
      </ReactFlow>
    </div>
  );
}
