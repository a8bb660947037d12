import { describe, expect, it } from "vitest";
import { describeWindow, newWindow, toggleDay } from "./releaseWindows";

describe("release windows", () => {
  it("folds consecutive days and shows hours", () => {
    expect(describeWindow(newWindow())).toBe("mon–fri 09:00–17:00");
    expect(describeWindow({ days: ["mon", "wed", "thu", "sun"], start: "08:30:00", end: "12:00:00" })).toBe("mon,wed,thu,sun 08:30–12:00");
  });

  it("says when a window runs past midnight", () => {
    expect(describeWindow({ days: ["fri"], start: "22:00", end: "02:00" })).toBe("fri 22:00–02:00 (into the next day)");
  });

  it("toggles days and keeps them in week order", () => {
    const w = toggleDay(toggleDay(newWindow(), "sun"), "mon");
    expect(w.days).toEqual(["tue", "wed", "thu", "fri", "sun"]);
  });
});
