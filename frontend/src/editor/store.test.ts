import { beforeEach, describe, expect, it } from "vitest";
import type { GraphResource } from "../api/types";
import { inHandle } from "../lib/connect";
import { groupFlowId } from "../lib/flow";
import { entries, sampleDoc } from "../lib/testDocs";
import { selectDirty, selectSaveStatus, useEditor } from "./store";

const resource = (revision = 1): GraphResource => ({
  id: 7, name: "home_feed", description: "", document: sampleDoc(), valid: true, errors: [], config_hash: "",
  revision, etag: `"7.${revision}"`, created_by: "a", updated_by: "a", created_at: "", updated_at: "",
});

describe("editor store", () => {
  beforeEach(() => {
    const s = useEditor.getState();
    s.reset();
    s.setCanEdit(true);
    s.setCatalog(entries);
    s.load(resource(), '"7.1"');
  });

  it("tracks unsaved changes by document identity, through undo and redo", () => {
    const s = useEditor.getState();
    expect(selectSaveStatus(useEditor.getState())).toBe("saved");
    const id = s.addOperator("recall.hot_items", { x: 10.4, y: 20 });
    expect(id).toBe("hot_items");
    expect(useEditor.getState().selected.has("hot_items")).toBe(true);
    expect(selectDirty(useEditor.getState())).toBe(true);
    useEditor.getState().undo();
    expect(selectDirty(useEditor.getState())).toBe(false);
    useEditor.getState().redo();
    expect(useEditor.getState().doc.nodes.at(-1)?.position).toEqual({ x: 10, y: 20 });
  });

  it("refuses edits for viewers", () => {
    useEditor.getState().setCanEdit(false);
    expect(useEditor.getState().addOperator("recall.hot_items", { x: 0, y: 0 })).toBeNull();
    useEditor.getState().connect({ source: "hot", target: "top", targetHandle: inHandle("items") });
    expect(selectDirty(useEditor.getState())).toBe(false);
  });

  it("connects only valid links", () => {
    const s = useEditor.getState();
    s.connect({ source: "top", target: "merge", targetHandle: inHandle("sources") }); // cycle
    expect(useEditor.getState().history.past).toHaveLength(0);
    s.connect({ source: "is_new", target: "top", targetHandle: "cond" });
    expect(useEditor.getState().doc.nodes.find((n) => n.id === "top")?.when).toBe("is_new");
  });

  it("deletes nodes, edges and groups in one undo step", () => {
    const s = useEditor.getState();
    s.setSelection(["hot", "d:top:items:merge", groupFlowId("recall")]);
    s.deleteElements(useEditor.getState().selected);
    const doc = useEditor.getState().doc;
    expect(doc.nodes.map((n) => n.id)).toEqual(["is_new", "cf", "merge", "top"]);
    expect(doc.groups).toBeUndefined();
    expect(doc.nodes.find((n) => n.id === "top")?.inputs).toBeUndefined();
    expect(useEditor.getState().selected.size).toBe(0);
    expect(useEditor.getState().history.past).toHaveLength(1);
  });

  it("coalesces a drag into one undo step", () => {
    const s = useEditor.getState();
    s.moveNodes({ hot: { x: 5, y: 5 } }, "move:1");
    s.moveNodes({ hot: { x: 9, y: 9 } }, "move:1");
    expect(useEditor.getState().history.past).toHaveLength(1);
  });

  it("describes a conflict against the base document", () => {
    const s = useEditor.getState();
    s.addOperator("basic.limit", { x: 0, y: 0 });
    const current = resource(2);
    current.document = { ...current.document, nodes: current.document.nodes.filter((n) => n.id !== "is_new") };
    s.setConflict(current);
    const c = useEditor.getState().conflict;
    expect(c?.theirs.removed).toEqual(["is_new"]);
    expect(c?.mine.added).toEqual(["limit"]);
  });

  it("saving records the sent document as the new base", () => {
    const s = useEditor.getState();
    s.addOperator("basic.limit", { x: 0, y: 0 });
    const sent = useEditor.getState().doc;
    s.saveStarted();
    expect(selectSaveStatus(useEditor.getState())).toBe("saving");
    s.saveSucceeded(resource(2), '"7.2"', sent, "");
    expect(selectSaveStatus(useEditor.getState())).toBe("saved");
    expect(useEditor.getState().etag).toBe('"7.2"');
    expect(useEditor.getState().baseDoc).toBe(sent);
  });
});

describe("conflicts", () => {
  it("lists only what the server changed, not positions this editor filled in on load", () => {
    const s = useEditor.getState();
    s.reset();
    s.setCanEdit(true);
    s.setCatalog(entries);
    const unplaced = resource();
    unplaced.document = { ...unplaced.document, nodes: unplaced.document.nodes.map(({ position: _p, ...n }) => n) };
    s.load(unplaced, '"7.1"');
    expect(useEditor.getState().doc.nodes.every((n) => n.position)).toBe(true);
    const current = resource(2);
    current.document = { ...unplaced.document, nodes: [...unplaced.document.nodes, { id: "extra", op: "basic.limit" }] };
    useEditor.getState().setConflict(current);
    const theirs = useEditor.getState().conflict?.theirs;
    expect(theirs?.added).toEqual(["extra"]);
    expect(theirs?.moved).toEqual([]);
  });
});
