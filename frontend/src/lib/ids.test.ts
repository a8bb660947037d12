import { describe, expect, it } from "vitest";
import { idStemForOp, isValidId, sanitizeId, uniqueId } from "./ids";

describe("ids", () => {
  it("derives a stem from the operator name", () => {
    expect(idStemForOp("recall.hot_items")).toBe("hot_items");
    expect(idStemForOp("X.9lives")).toBe("n_9lives");
  });
  it("sanitizes to the id pattern", () => {
    expect(isValidId(sanitizeId("Hello World!"))).toBe(true);
    expect(sanitizeId("__")).toBe("n");
  });
  it("counts on from an existing suffix", () => {
    const taken = new Set(["hot", "hot_2"]);
    expect(uniqueId("hot", taken)).toBe("hot_3");
    expect(uniqueId("hot_2", taken)).toBe("hot_3");
    expect(uniqueId("cf", taken)).toBe("cf");
  });
  it("stays within 64 characters", () => {
    const long = "a".repeat(64);
    const id = uniqueId(long, new Set([long]));
    expect(id.length).toBeLessThanOrEqual(64);
    expect(isValidId(id)).toBe(true);
  });
});
