// Keyboard shortcuts, one table for the handler and the help panel.
import { useEffect } from "react";
import { copySelection, cutSelection, groupSelection, pasteClipboard, selectAll, autoLayout } from "./actions";
import { saveGraph } from "./persistence";
import { useEditor } from "./store";

export const SHORTCUTS: Array<[keys: string, what: string]> = [
  ["Ctrl/⌘ + S", "Save"],
  ["Ctrl/⌘ + Z", "Undo"],
  ["Ctrl/⌘ + Shift + Z, Ctrl + Y", "Redo"],
  ["Ctrl/⌘ + C / X / V", "Copy / cut / paste nodes (also between graphs)"],
  ["Ctrl/⌘ + A", "Select all nodes"],
  ["Shift + click, Shift + drag", "Add to selection, box select"],
  ["Delete, Backspace", "Delete the selection"],
  ["Ctrl/⌘ + G", "Group the selected nodes"],
  ["Shift + L", "Auto-layout (left to right)"],
  ["F", "Zoom to fit"],
  ["?", "Show / hide this help"],
  ["Esc", "Clear the selection, close dialogs"],
];

function inTextField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
}

const hasTextSelection = () => (window.getSelection()?.toString() ?? "") !== "";

export function useShortcuts(fitView: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const s = useEditor.getState();
      if (mod && key === "s") {
        e.preventDefault();
        void saveGraph();
        return;
      }
      if (inTextField(e.target)) return;
      if (s.conflict) return; // the dialog decides first
      const run = (fn: () => unknown) => {
        e.preventDefault();
        void fn();
      };
      if (mod && key === "z" && !e.shiftKey) return run(s.undo);
      if ((mod && key === "z" && e.shiftKey) || (mod && key === "y")) return run(s.redo);
      if (mod && key === "c" && !hasTextSelection()) return run(copySelection);
      if (mod && key === "x" && !hasTextSelection()) return run(cutSelection);
      if (mod && key === "v") return run(pasteClipboard);
      if (mod && key === "a") return run(selectAll);
      if (mod && key === "g") return run(groupSelection);
      if (mod || e.altKey) return;
      if (e.key === "?") return run(() => s.setHelpOpen(!s.helpOpen));
      if (e.key === "L" && e.shiftKey) return run(autoLayout);
      if (key === "f" && !e.shiftKey) return run(fitView);
      if (e.key === "Escape") {
        if (s.helpOpen) s.setHelpOpen(false);
        else s.setSelection([]);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [fitView]);
}
