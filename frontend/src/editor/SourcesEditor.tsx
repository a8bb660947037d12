// A node's input ports and their sources, in order (order matters: merge priority).
import type { NodeDoc } from "../api/types";
import { updateNode } from "../lib/doc";
import { useEditor } from "./store";

export function SourcesEditor({ node, canEdit }: { node: NodeDoc; canEdit: boolean }) {
  const entry = useEditor((s) => s.catalog[node.op]);
  const edit = (port: string, ids: string[]) => {
    const s = useEditor.getState();
    s.commit(updateNode(s.doc, node.id, { inputs: { ...(node.inputs ?? {}), [port]: ids } }));
  };
  const ports = entry?.inputs ?? [];
  if (!ports.length) return null;
  return (
    <div className="inspector-section">
      <h4>Inputs</h4>
      {ports.map((p) => {
        const ids = node.inputs?.[p.name] ?? [];
        return (
          <div key={p.name} className="sources">
            <div className="sources-port">
              {p.name} <code>{p.type}{p.multiple ? "[ ]" : ""}</code> {p.required ? "" : <small>(optional)</small>}
            </div>
            {!ids.length && <div className="muted">not connected{p.required ? " — required" : ""}</div>}
            <ol>
              {ids.map((id, i) => (
                <li key={`${id}-${i}`}>
                  <code>{id}</code>
                  {canEdit && p.multiple && (
                    <>
                      <button type="button" disabled={i === 0} title="Earlier (higher priority)" onClick={() => edit(p.name, swap(ids, i, i - 1))}>↑</button>
                      <button type="button" disabled={i === ids.length - 1} title="Later" onClick={() => edit(p.name, swap(ids, i, i + 1))}>↓</button>
                    </>
                  )}
                  {canEdit && <button type="button" title="Disconnect" onClick={() => edit(p.name, ids.filter((_, j) => j !== i))}>✕</button>}
                </li>
              ))}
            </ol>
          </div>
        );
      })}
    </div>
  );
}

function swap(ids: string[], i: number, j: number): string[] {
  const out = [...ids];
  [out[i], out[j]] = [out[j] as string, out[i] as string];
  return out;
}
