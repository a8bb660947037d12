// Operators to drag onto the canvas, by category, searchable. Double-click adds one at
// the centre of the view (handy without a mouse drag).
import { useMemo, useState } from "react";
import { useReactFlow } from "@xyflow/react";
import { byCategory, searchOperators } from "../lib/catalog";
import { NODE_WIDTH } from "../lib/geometry";
import { PaletteItem } from "./PaletteItem";
import { useEditor } from "./store";

export function Palette() {
  const entries = useEditor((s) => s.catalogList);
  const canEdit = useEditor((s) => s.canEdit);
  const [query, setQuery] = useState("");
  const { screenToFlowPosition } = useReactFlow();
  const sections = useMemo(() => byCategory(searchOperators(entries, query)), [entries, query]);

  const addAtCentre = (op: string) => {
    const el = document.querySelector(".canvas");
    const r = el?.getBoundingClientRect();
    const p = r ? screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 }) : { x: 0, y: 0 };
    useEditor.getState().addOperator(op, { x: p.x - NODE_WIDTH / 2, y: p.y - 30 });
  };

  return (
    <aside className="palette" data-testid="palette">
      <input
        className="palette-search"
        data-testid="palette-search"
        type="search"
        placeholder="Search operators…"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <div className="palette-list">
        {sections.map(([category, list]) => (
          <section key={category} className="palette-section">
            <h4>{category}</h4>
            <ul>
              {list.map((e) => (
                <PaletteItem key={e.name} entry={e} canEdit={canEdit} onAdd={addAtCentre} />
              ))}
            </ul>
          </section>
        ))}
        {!sections.length && <p className="muted">No operator matches “{query}”.</p>}
      </div>
    </aside>
  );
}
