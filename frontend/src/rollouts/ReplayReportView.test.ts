// The report as the review page renders it, from a fixture report (no browser needed).
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { REPORT, RULES_REPORT } from "./fixtures";
import { ReplayReportView } from "./ReplayReportView";

const render = (report: Parameters<typeof ReplayReportView>[0]["report"] = REPORT) => renderToStaticMarkup(createElement(ReplayReportView, { report }));
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("ReplayReportView", () => {
  it("shows the figures, latency per arm, changed nodes, errors and examples", () => {
    const html = render();
    const words = text(html);
    expect(words).toContain("6 recorded requests replayed");
    expect(words).toContain("Overlap@10 67% lowest 50%");
    expect(words).toContain("Identical answers 33% 2 of 6");
    expect(words).toContain("Candidate (v2) 2.4 ms 130 ms 5 ok, 1 failed");
    expect(words).toContain("top changed on 6 of 6 requests (100%)");
    expect(words).toContain("boost only in the candidate (added)");
    expect(words).toContain("boost: timed out (1 request)");
    expect(html).toContain('data-testid="replay-example" data-unit="u1"');
    // "c" is only in the base's answer; "a" and "b" swapped places.
    expect(html).toContain('<td class="ro-item only" title="only in this answer">c</td>');
    expect(html).toContain('<td class="ro-item moved" title="in both, at another rank">b</td>');
  });

  it("says so when no node changed and leaves out empty sections", () => {
    const words = text(render({ ...REPORT, nodes: [{ node: "top", changed: 0, compared: 6, share: 0 }], only_in: {}, errors: [], examples: [] }));
    expect(words).toContain("No node answered differently.");
    expect(words).toContain("1 other node answered exactly as before.");
    expect(words).not.toContain("Errors in the candidate");
    expect(words).not.toContain("Requests that changed most");
  });

  it("renders a rule scene's report: bars per rule and the one-sided matches", () => {
    const html = render(RULES_REPORT);
    const words = text(html);
    expect(html).toContain('data-kind="rules"');
    expect(words).toContain("1,200 recorded events of 80 units replayed");
    expect(words).toContain("Matches 40 → 52 +12");
    expect(words).toContain("category_burst cep.count 10 22 14 new, 2 gone");
    expect(html).toContain('data-testid="replay-example" data-unit="u9" data-side="base"');
    expect(words).not.toContain("Latency and outcome");
  });
});
