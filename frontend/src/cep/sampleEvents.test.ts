import { describe, expect, it } from "vitest";
import type { GraphDocument } from "../api/types";
import { equalities, gapFor, sampleEvents } from "./sampleEvents";

const T0 = 1_700_000_000_000;

const doc: GraphDocument = {
  schema: 1, name: "rules", nodes: [
    { id: "funnel", op: "cep.sequence", params: { steps: [{ type: "click" }, { type: "cart", where: 'event.attributes.size == "L"' }, { type: "order" }], within_ms: 30_000 } },
    { id: "burst", op: "cep.count", params: { step: { type: "click" }, min_count: 3, window_ms: 600_000, group_by: "attributes.category", segment: 'unit.attributes.segment == "new"' } },
    { id: "abandoned", op: "cep.absence", params: { step: { type: "cart" }, absent: { type: "order" }, within_ms: 1_800_000 } },
    { id: "keep", op: "action.record", when: "burst", params: { label: "x" } },
  ],
};

describe("sampleEvents", () => {
  const { events, notes } = sampleEvents(doc, T0);

  it("gives a sequence one event per step, in order and inside its window", () => {
    const funnel = events.filter((e) => e.unit_id === "u1");
    expect(funnel.map((e) => e.type)).toEqual(["click", "cart", "order"]);
    expect(funnel.map((e) => e.ts)).toEqual([T0, T0 + 14_999, T0 + 29_998]);
    // A plain equality in a step's condition is satisfied.
    expect(funnel[1]?.attributes).toEqual({ size: "L" });
  });

  it("gives a count its number of events, sharing the group and meeting the segment", () => {
    const burst = events.filter((e) => e.unit_id === "u2");
    expect(burst).toHaveLength(3);
    expect(burst.every((e) => e.type === "click")).toBe(true);
    expect(burst[2]!.ts - burst[0]!.ts).toBeLessThan(600_000);
    expect(burst[0]?.attributes).toEqual({ category: "category_1", segment: "new" });
  });

  it("gives an absence its trigger only, and every event a unique id", () => {
    expect(events.filter((e) => e.unit_id === "u3").map((e) => e.type)).toEqual(["cart"]);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events.every((e) => Number.isInteger(e.ts))).toBe(true);
    expect(notes).toEqual([]);
  });

  it("names what it cannot fire", () => {
    const partial: GraphDocument = { schema: 1, name: "p", nodes: [
      { id: "half", op: "cep.sequence", params: { steps: [{ type: "click" }] } },
      { id: "priced", op: "cep.count", params: { step: { type: "click", where: "event.attributes.price > 5" }, min_count: 1, window_ms: 10 } },
    ] };
    const sample = sampleEvents(partial, T0);
    expect(sample.events).toHaveLength(1);
    expect(sample.notes).toEqual([
      "half: left out, it needs at least two steps, each with an event type",
      "priced: a step's condition (event.attributes.price > 5) is not a plain comparison: edit its events by hand",
    ]);
    expect(sampleEvents({ schema: 1, name: "none", nodes: [] }, T0).notes).toEqual(["The graph has no complete pattern node to fire."]);
  });

  it("takes a unit id the segment asks for", () => {
    const one: GraphDocument = { schema: 1, name: "o", nodes: [{ id: "a", op: "cep.absence", params: { step: { type: "cart" }, absent: { type: "order" }, within_ms: 5, segment: "unit.id == 'vip'" } }] };
    expect(sampleEvents(one, T0).events[0]?.unit_id).toBe("vip");
  });
});

describe("helpers", () => {
  it("reads plain equalities only", () => {
    expect(equalities('event.attributes.a == "x" && event.item_id == \'i9\' && unit.attributes.n == 2')).toEqual([
      { on: "event", attribute: true, name: "a", value: "x" },
      { on: "event", attribute: false, name: "item_id", value: "i9" },
      { on: "unit", attribute: true, name: "n", value: 2 },
    ]);
    expect(equalities("event.attributes.a > 1")).toBeNull();
    expect(equalities("event.x == 1 || event.y == 2")).toBeNull();
  });

  it("spaces events strictly inside a window, a minute apart at most", () => {
    expect(gapFor(1, 100)).toBe(0);
    expect(gapFor(2, 1_800_000)).toBe(60_000);
    expect(gapFor(3, 10)).toBe(4);
    expect(gapFor(2, 1)).toBe(1);
  });
});
