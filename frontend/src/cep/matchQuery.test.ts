import { describe, expect, it } from "vitest";
import { apiQuery, filtersFromSearch, NO_FILTERS, pageFromSearch, pageLabel, toSearch } from "./matchQuery";

describe("match filters in the URL", () => {
  it("round-trips filters and the page", () => {
    const search = new URLSearchParams("scene=cart_rescue&rule=keep&page=3&junk=1");
    const filters = filtersFromSearch(search);
    expect(filters).toEqual({ ...NO_FILTERS, scene: "cart_rescue", rule: "keep" });
    expect(pageFromSearch(search)).toBe(3);
    expect(toSearch(filters, 3)).toEqual({ scene: "cart_rescue", rule: "keep", page: "3" });
    expect(toSearch({ ...NO_FILTERS, unit_id: " u1 " })).toEqual({ unit_id: "u1" });
  });

  it("asks the API for one page", () => {
    expect(apiQuery({ ...NO_FILTERS, status: "ok" }, 2)).toBe("limit=50&offset=50&status=ok");
    expect(pageFromSearch(new URLSearchParams("page=-1"))).toBe(1);
    expect(pageLabel(2, 10, 60)).toBe("51–60 of 60");
    expect(pageLabel(1, 0, 0)).toBe("no matches");
  });
});
