import { describe, expect, it } from "vitest";
import { initHistory, push, redo, undo } from "./history";

describe("history", () => {
  it("undoes and redoes", () => {
    let h = initHistory("a");
    h = push(h, "b");
    h = push(h, "c");
    h = undo(h);
    expect(h.present).toBe("b");
    h = redo(h);
    expect(h.present).toBe("c");
    h = undo(undo(h));
    h = push(h, "x");
    expect(h.future).toEqual([]);
    expect(undo(initHistory("z")).present).toBe("z");
  });
  it("coalesces quick edits with the same key", () => {
    let h = initHistory("a");
    h = push(h, "b", "k", 1000);
    h = push(h, "c", "k", 1500);
    expect(h.past).toEqual(["a"]);
    h = push(h, "d", "k", 9000);
    expect(h.past).toEqual(["a", "c"]);
  });
});
