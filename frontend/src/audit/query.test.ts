import { describe, expect, it } from "vitest";
import { apiQuery, filtersFromSearch, localToIso, offsetFromSearch, pageLabel, toSearch } from "./query";
import { NO_FILTERS } from "./types";

describe("audit filters in the URL", () => {
  it("round-trips, leaving empty filters out", () => {
    const filters = { ...NO_FILTERS, action: "bucket.save", actor: "author" };
    const search = new URLSearchParams(toSearch(filters, 25));
    expect(search.toString()).toBe("action=bucket.save&actor=author&offset=25");
    expect(filtersFromSearch(search)).toEqual(filters);
    expect(offsetFromSearch(search)).toBe(25);
    expect(offsetFromSearch(new URLSearchParams("offset=-3"))).toBe(0);
  });
});

describe("apiQuery", () => {
  it("sends the filters, the page and ISO dates", () => {
    const { query, problems } = apiQuery({ ...NO_FILTERS, action: "graph.update", since: "2025-01-31T09:30" }, 50);
    const params = new URLSearchParams(query);
    expect(params.get("limit")).toBe("25");
    expect(params.get("offset")).toBe("50");
    expect(params.get("action")).toBe("graph.update");
    expect(params.get("since")).toBe(localToIso("2025-01-31T09:30"));
    expect(params.has("until")).toBe(false);
    expect(problems).toEqual([]);
  });
  it("reports a date that does not parse instead of sending it", () => {
    const { query, problems } = apiQuery({ ...NO_FILTERS, until: "yesterday-ish" }, 0);
    expect(new URLSearchParams(query).has("until")).toBe(false);
    expect(problems[0]).toMatch(/not a date/);
  });
  it("labels a page", () => {
    expect(pageLabel(25, 25, 120)).toBe("26–50 of 120");
    expect(pageLabel(0, 0, 0)).toBe("no entries");
  });
});
