import { describe, expect, it } from "vitest";
import { REPORT } from "./fixtures";
import { changedNodes, exampleRows, figures, headline, latencyRows, statusText, unchangedCount } from "./replayView";

describe("replay report", () => {
  it("gives the headline figures in words", () => {
    expect(figures(REPORT).map((f) => [f.label, f.value, f.detail])).toEqual([
      ["Overlap@10", "67%", "lowest 50%"],
      ["Rank correlation", "1.00", "lowest 0.80"],
      ["Identical answers", "33%", "2 of 6"],
      ["p50 latency", "×1.20", "2 ms → 2.4 ms"],
    ]);
  });

  it("lists latency and statuses per arm", () => {
    expect(latencyRows(REPORT)).toEqual([
      { arm: "base", label: "Base (v1)", p50: "2 ms", p99: "4.5 ms", status: "6 ok" },
      { arm: "candidate", label: "Candidate (v2)", p50: "2.4 ms", p99: "130 ms", status: "5 ok, 1 failed" },
    ]);
    expect(statusText({})).toBe("—");
  });

  it("lists the nodes that answered differently, then the ones only one side has", () => {
    expect(changedNodes(REPORT)).toEqual([
      { node: "top", share: 1, text: "changed on 6 of 6 requests (100%)" },
      { node: "boost", share: 1, text: "only in the candidate (added)" },
    ]);
    expect(unchangedCount(REPORT)).toBe(1);
  });

  it("lines two answers up rank by rank", () => {
    expect(exampleRows(["a", "b", "c"], ["a", "c"])).toEqual([
      { rank: 1, base: "a", candidate: "a", baseMark: "same", candidateMark: "same" },
      { rank: 2, base: "b", candidate: "c", baseMark: "only", candidateMark: "moved" },
      { rank: 3, base: "c", candidate: null, baseMark: "moved", candidateMark: "none" },
    ]);
  });

  it("sums it up in a sentence", () => {
    expect(headline(REPORT)).toBe(
      "6 recorded requests replayed; 67% of the top 10 items kept on average; 2 nodes answered differently; 1 node error in the candidate.",
    );
    expect(headline({ ...REPORT, requests: 0 })).toBe("No request was replayed.");
  });
});
