import { describe, expect, it } from "vitest";
import { durationWords, groupWords, nodeRuleWords, ruleOfNode, ruleWords } from "./ruleWords";
import type { RuleSpec } from "./types";

describe("durationWords", () => {
  it("says a duration the way a person would", () => {
    expect(durationWords(250)).toBe("250 ms");
    expect(durationWords(1000)).toBe("1 s");
    expect(durationWords(1500)).toBe("1.5 s");
    expect(durationWords(60_000)).toBe("1 min");
    expect(durationWords(90_000)).toBe("1 min 30 s");
    expect(durationWords(1_800_000)).toBe("30 min");
    expect(durationWords(5_400_000)).toBe("1 h 30 min");
    expect(durationWords(86_400_000)).toBe("1 day");
    expect(durationWords(7 * 86_400_000)).toBe("7 days");
    expect(durationWords(3_600_000 + 1)).toBe("1 h");
  });
});

const absence: RuleSpec = {
  id: "cart_abandoned", group_by: null, lateness_ms: 1000, cooldown_ms: 0,
  pattern: { kind: "absence", step: { type: "cart" }, absent: { type: "order" }, within_ms: 1_800_000 },
};

describe("ruleWords", () => {
  it("reads an absence with its segment", () => {
    expect(ruleWords(absence, "unit.attributes.segment == 'new'")).toBe(
      "cart then no order within 30 min, per unit, segment: unit.attributes.segment == 'new'",
    );
  });

  it("reads a sequence with a step condition, a group and a cooldown", () => {
    const rule: RuleSpec = {
      ...absence, group_by: "item_id", cooldown_ms: 600_000,
      pattern: { kind: "sequence", steps: [{ type: "click", where: 'event.attributes.price > 10' }, { type: "cart" }], within_ms: 60_000 },
    };
    expect(ruleWords(rule)).toBe("click (where event.attributes.price > 10) then cart within 1 min, per unit and item, at most one match per 10 min");
  });

  it("reads a count", () => {
    const rule: RuleSpec = { ...absence, group_by: "attributes.category", pattern: { kind: "count", step: { type: "click" }, min_count: 3, window_ms: 600_000 } };
    expect(ruleWords(rule)).toBe("at least 3 click events within 10 min, per unit and category");
    expect(groupWords(null)).toBe("per unit");
  });
});

describe("ruleOfNode", () => {
  it("fills in the defaults of a pattern node's params", () => {
    const parsed = ruleOfNode({ id: "burst", op: "cep.count", params: { step: { type: "click" }, min_count: 3, window_ms: 600_000, segment: "unit.id == 'u1'" } });
    expect(parsed).toEqual({
      rule: { id: "burst", group_by: null, lateness_ms: 1000, cooldown_ms: 0, pattern: { kind: "count", step: { type: "click", where: null }, min_count: 3, window_ms: 600_000 } },
      segment: "unit.id == 'u1'",
    });
  });

  it("says what an unfinished node lacks", () => {
    expect(ruleOfNode({ id: "s", op: "cep.sequence", params: { steps: [{ type: "click" }], within_ms: 10 } })).toEqual({ error: "needs at least two steps, each with an event type" });
    expect(ruleOfNode({ id: "a", op: "cep.absence", params: { step: { type: "cart" }, absent: { type: "order" } } })).toEqual({ error: "needs within_ms" });
    expect(ruleOfNode({ id: "x", op: "action.record" })).toEqual({ error: "action.record is not a pattern" });
  });
});

describe("nodeRuleWords", () => {
  it("says a pattern node's rule, and nothing for other nodes", () => {
    expect(nodeRuleWords({ id: "a", op: "cep.absence", params: { step: { type: "cart" }, absent: { type: "order" }, within_ms: 60_000 } })).toBe("Fires on cart then no order within 1 min, per unit");
    expect(nodeRuleWords({ id: "s", op: "cep.sequence", params: {} })).toBe("Unfinished rule: it needs at least two steps, each with an event type");
    expect(nodeRuleWords({ id: "k", op: "action.record" })).toBeNull();
  });
});
