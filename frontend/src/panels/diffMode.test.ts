// Diff mode in the editor store: read-only while on, and the editing state given back
// exactly on exit.
import { beforeEach, describe, expect, it } from "vitest";
import type { GraphResource } from "../api/types";
import { useEditor } from "../editor/store";
import { removeNodes } from "../lib/doc";
import { catalog, entries, sampleDoc } from "../lib/testDocs";
import { visualDiff } from "./visualDiff";

const resource: GraphResource = {
  id: 9, name: "home_feed", description: "", document: sampleDoc(), valid: true, errors: [], config_hash: "",
  revision: 1, etag: '"9.1"', created_by: "a", updated_by: "a", created_at: "", updated_at: "",
};

describe("diff mode", () => {
  beforeEach(() => {
    const s = useEditor.getState();
    s.exitDiff();
    s.reset();
    s.setCanEdit(true);
    s.setCatalog(entries);
    s.load(resource, '"9.1"');
  });

  const enter = () => {
    const s = useEditor.getState();
    s.enterDiff({ ...visualDiff(removeNodes(sampleDoc(), ["top"]), s.doc, catalog), title: "v1 → editor" });
  };

  it("is read-only and leaves the document, history and selection untouched", () => {
    const s = useEditor.getState();
    s.commit(removeNodes(s.doc, ["cf"]));
    s.setSelection(["hot"]);
    const before = useEditor.getState();
    enter();
    const on = useEditor.getState();
    expect(on.canEdit).toBe(false);
    expect(on.diffView?.decorations.top?.diff).toBe("added");
    on.commit(removeNodes(on.doc, ["hot"]));
    on.undo();
    on.setSelection(["top"]);
    expect(useEditor.getState().doc).toBe(before.doc);
    on.exitDiff();
    const after = useEditor.getState();
    expect(after.diffView).toBeNull();
    expect(after.canEdit).toBe(true);
    expect(after.doc).toBe(before.doc);
    expect(after.history).toBe(before.history);
    expect([...after.selected]).toEqual(["hot"]);
  });

  it("keeps a role change made during the diff for after it", () => {
    enter();
    useEditor.getState().setCanEdit(false);
    expect(useEditor.getState().canEdit).toBe(false);
    useEditor.getState().exitDiff();
    expect(useEditor.getState().canEdit).toBe(false);
  });

  it("ends with the graph: reset drops the diff and gives the edit right back", () => {
    enter();
    useEditor.getState().reset();
    expect(useEditor.getState().diffView).toBeNull();
    expect(useEditor.getState().canEdit).toBe(true);
  });
});
