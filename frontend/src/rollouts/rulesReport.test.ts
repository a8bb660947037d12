import { describe, expect, it } from "vitest";
import { RULES_REPORT } from "./fixtures";
import { exampleLines, ruleBars, rulesFigures, rulesHeadline } from "./rulesReport";

describe("a rule scene's replay report", () => {
  it("says what changed in one sentence", () => {
    expect(rulesHeadline(RULES_REPORT)).toBe(
      "1,200 recorded events of 80 units replayed; 40 matches now, 52 matches with the candidate (38 the same); 9 units would match differently.",
    );
    expect(rulesHeadline({ ...RULES_REPORT, events: 0 })).toBe("No event was replayed.");
    expect(rulesHeadline({ ...RULES_REPORT, units_changed: 0, units: 1, events: 1 })).toContain("1 recorded event of 1 unit replayed");
  });

  it("gives the figures", () => {
    const f = Object.fromEntries(rulesFigures(RULES_REPORT).map((x) => [x.key, `${x.value} | ${x.detail}`]));
    expect(f).toEqual({ matches: "40 → 52 | +12", same: "73% | 38 of 52", units: "9 | of 80", events: "1,200 | 80 units" });
  });

  it("draws a pair of bars per rule, the most changed first", () => {
    expect(ruleBars(RULES_REPORT)).toEqual([
      { rule: "category_burst", op: "cep.count", base: 10, candidate: 22, baseShare: 10 / 30, candidateShare: 22 / 30, text: "14 new, 2 gone" },
      { rule: "cart_abandoned", op: "cep.absence", base: 30, candidate: 30, baseShare: 1, candidateShare: 1, text: "the same matches" },
    ]);
    expect(ruleBars({ ...RULES_REPORT, rules: [{ rule_id: "r", op: "cep.count", base: 0, candidate: 0, only_base: 0, only_candidate: 0 }] })[0]).toMatchObject({ baseShare: 0, text: "no match on either side" });
  });

  it("lists the matches only one side found", () => {
    expect(exampleLines(RULES_REPORT).map((x) => `${x.unit} ${x.rule} ${x.text} [${x.events}] ${x.when}`)).toEqual([
      "u7 category_burst only with the candidate [e1, e2, e3] 2023-11-14 22:13:20 UTC",
      "u9 category_burst only with the version serving now [e8, e9] 2023-11-14 22:14:20 UTC",
    ]);
  });
});
