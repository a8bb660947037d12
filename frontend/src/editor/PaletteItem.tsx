// One operator in the palette: draggable onto the canvas (HTML5 drag and drop).
import type { DragEvent } from "react";
import type { OperatorEntry } from "../api/types";
import { OP_DRAG_TYPE } from "./actions";

export function PaletteItem({ entry, canEdit, onAdd }: { entry: OperatorEntry; canEdit: boolean; onAdd: (op: string) => void }) {
  const onDragStart = (e: DragEvent) => {
    e.dataTransfer.setData(OP_DRAG_TYPE, entry.name);
    e.dataTransfer.setData("text/plain", entry.name);
    e.dataTransfer.effectAllowed = "copy";
  };
  return (
    <li
      className="palette-item"
      data-testid={`palette-item-${entry.name}`}
      draggable={canEdit}
      onDragStart={onDragStart}
      onDoubleClick={() => canEdit && onAdd(entry.name)}
      title={canEdit ? "Drag onto the canvas (or double-click)" : entry.description}
    >
      <div className="palette-item-head">
        <span className="palette-item-title">{entry.title}</span>
        <code className="palette-item-name">{entry.name}</code>
      </div>
      <div className="palette-item-desc">{entry.description}</div>
      <div className="palette-item-ports">
        {entry.inputs.map((p) => `${p.name}: ${p.type}${p.multiple ? "[ ]" : ""}`).join(", ") || "no inputs"} → {entry.output.type}
      </div>
    </li>
  );
}
