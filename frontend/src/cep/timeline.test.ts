import { describe, expect, it } from "vitest";
import { LABEL_W, layoutTimeline, tickStep } from "./timeline";
import type { SimEvent, SimMatch } from "./types";

const ev = (id: string, unit: string, type: SimEvent["type"], ts: number): SimEvent => ({ id, unit_id: unit, type, ts });
const events = [ev("e1", "u2", "click", 1000), ev("e2", "u1", "cart", 0), ev("e3", "u2", "cart", 2000)];
const match: SimMatch = { id: "m1", rule_id: "r2", unit_id: "u1", kind: "absence", key: "", event_ids: ["e2"], match_ts: 4000, in_segment: false, actions: [] };

describe("layoutTimeline", () => {
  const layout = layoutTimeline(events, [match], ["r1", "r2"], 456);

  it("gives each unit a lane, in order of its first event", () => {
    expect(layout.lanes.map((l) => l.unit)).toEqual(["u1", "u2"]);
    const [a, b] = layout.lanes;
    expect(b!.y - a!.y).toBe(24);
  });

  it("places events and matches on one time axis", () => {
    // 0 … 4000 ms over the plot's 388 px (456 − 56 label − 12 right).
    const x = (id: string) => layout.dots.find((d) => d.key.startsWith(id))!.x;
    expect(x("e2")).toBe(LABEL_W);
    expect(x("e1")).toBe(LABEL_W + 97);
    expect(layout.markers[0]).toMatchObject({ x: 444, rule: "r2", colour: "#0f7b8a", inSegment: false });
    expect(layout.markers[0]!.title).toBe("r2 (absence) matched for u1 at +4 s · events e2 · outside the segment: no action");
    expect(layout.dots.find((d) => d.key.startsWith("e3"))!.title).toBe("cart e3 · unit u2 · +2 s");
  });

  it("lists the types present and labels time from the first event", () => {
    expect(layout.types).toEqual([{ type: "click", colour: "#3355dd" }, { type: "cart", colour: "#b26b00" }]);
    expect(layout.ticks.map((t) => t.label)).toEqual(["0", "+1 s", "+2 s", "+3 s", "+4 s"]);
    expect(layout.hiddenUnits).toBe(0);
  });

  it("copes with nothing, or with one instant", () => {
    expect(layoutTimeline([], [], [], 300).lanes).toEqual([]);
    const one = layoutTimeline([ev("e1", "u1", "click", 5)], [], [], 300);
    expect(one.dots[0]!.x).toBe(LABEL_W);
  });

  it("picks round ticks", () => {
    expect(tickStep(4000)).toBe(1000);
    expect(tickStep(1_800_000)).toBe(600_000);
    expect(tickStep(3)).toBe(1);
  });
});
