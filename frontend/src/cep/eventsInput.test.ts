import { describe, expect, it } from "vitest";
import { formatEvents, parseEvents } from "./eventsInput";
import type { SimEvent } from "./types";

const good: SimEvent[] = [
  { id: "e1", unit_id: "u1", type: "cart", item_id: "i1", ts: 1000 },
  { id: "e2", unit_id: "u1", type: "order", ts: 2000, attributes: { category: "books" } },
];

describe("parseEvents", () => {
  it("reads what formatEvents writes", () => {
    expect(parseEvents(formatEvents(good))).toEqual({ ok: true, events: good });
    expect(formatEvents([])).toBe("[]");
  });

  it("names the event and field that is wrong, and its line", () => {
    const text = formatEvents([...good, { id: "e3", unit_id: "u1", type: "buy" as SimEvent["type"], ts: 3 }]);
    expect(parseEvents(text)).toEqual({ ok: false, message: "events[2].type: one of click, fav, cart, order, play, expose", line: 4, column: 3 });
    expect(parseEvents('[{"id": "e1", "unit_id": "u1", "type": "click", "ts": 1.5}]')).toMatchObject({ message: "events[0].ts: a whole number of epoch milliseconds", line: 1 });
    expect(parseEvents('[{"id": "e1", "unit_id": "u1", "type": "click", "ts": 1, "when": 2}]')).toMatchObject({ ok: false, message: expect.stringContaining("events[0].when") });
  });

  it("says where the JSON breaks, and what the top level must be", () => {
    const broken = parseEvents('[\n  {"id": "e1",}\n]');
    expect(broken.ok).toBe(false);
    expect(broken).toMatchObject({ line: 2 });
    expect(parseEvents('{"id": 1}')).toMatchObject({ ok: false, message: "The events must be a JSON array ([ … ])" });
    expect(parseEvents("  ")).toMatchObject({ ok: false, line: null });
  });
});
