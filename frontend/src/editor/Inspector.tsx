// The right-hand inspector: one node, one group, several things, or the graph itself.
import type { ReactNode } from "react";
import { groupIdOf } from "../lib/flow";
import { GraphInspector } from "./GraphInspector";
import { GroupInspector } from "./GroupInspector";
import { MultiInspector } from "./MultiInspector";
import { NodeInspector } from "./NodeInspector";
import { useEditor } from "./store";

export function Inspector() {
  const selected = useEditor((s) => s.selected);
  const doc = useEditor((s) => s.doc);
  const ids = [...selected];
  const nodeIds = ids.filter((id) => !id.includes(":"));
  const groupIds = ids.map(groupIdOf).filter((g): g is string => g !== null);
  let body: ReactNode;
  if (ids.length === 1 && nodeIds.length === 1) {
    const node = doc.nodes.find((n) => n.id === nodeIds[0]);
    body = node ? <NodeInspector node={node} /> : <GraphInspector />;
  } else if (ids.length === 1 && groupIds.length === 1) {
    const group = (doc.groups ?? []).find((g) => g.id === groupIds[0]);
    body = group ? <GroupInspector group={group} /> : <GraphInspector />;
  } else if (nodeIds.length + groupIds.length > 0) {
    body = <MultiInspector nodes={nodeIds.length} other={ids.length - nodeIds.length} />;
  } else {
    body = <GraphInspector />;
  }
  return <div className="inspector" data-testid="inspector">{body}</div>;
}
