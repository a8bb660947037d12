// A group drawn on the canvas: a box behind its members (drag it by the header to move
// them all), or, collapsed, one box standing for them with their outside links.
import { memo } from "react";
import { Handle, Position, type NodeProps } from "@xyflow/react";
import { OUT_HANDLE } from "../lib/connect";
import type { GroupFlowNode } from "../lib/flow";
import { useEditor } from "./store";

function GroupBoxView({ data, selected }: NodeProps<GroupFlowNode>) {
  const { group, collapsed, members, problems } = data;
  const toggle = useEditor((s) => s.toggleCollapsed);
  const classes = ["group-box", collapsed ? "collapsed" : "expanded"];
  if (selected) classes.push("selected");
  if (problems) classes.push("has-problems");
  return (
    <div className={classes.join(" ")} data-testid={`group-${group.id}`}>
      <div className="group-box-header">
        <button
          type="button"
          className="nodrag group-toggle"
          onClick={(e) => {
            e.stopPropagation();
            toggle(group.id);
          }}
          title={collapsed ? "Expand group" : "Collapse group"}
          data-testid="group-toggle"
        >
          {collapsed ? "▸" : "▾"}
        </button>
        <span className="group-label">{group.label || group.id}</span>
        <span className="group-meta">
          {members} node{members === 1 ? "" : "s"}
          {group.timeout_ms ? ` · ${group.timeout_ms} ms` : ""}
          {problems ? ` · ${problems} problem${problems === 1 ? "" : "s"}` : ""}
        </span>
      </div>
      {collapsed && (
        <>
          <Handle type="target" id="in" position={Position.Left} isConnectable={false} />
          <Handle type="source" id={OUT_HANDLE} position={Position.Right} isConnectable={false} />
        </>
      )}
    </div>
  );
}

export const GroupBox = memo(GroupBoxView);
