import { describe, expect, it } from "vitest";
import { ApiError } from "../api/client";
import { fieldLabel, overrideKeyOf, problemsOf, problemText } from "./problems";

const p = (field: string | null, message: string) => ({ code: "x", node: null, field, message });

describe("problem text", () => {
  it("names the field when the message does not", () => {
    expect(problemText(p("name", "This field is required."))).toBe("Name: This field is required.");
    expect(problemText(p("keys", "pattern 'a.*' overlaps 'a.b', owned by layer 'x'"))).toBe("Key patterns: pattern 'a.*' overlaps 'a.b', owned by layer 'x'");
    expect(problemText(p("end", "end must be greater than start"))).toBe("Range end: end must be greater than start");
    expect(problemText(p(null, "add a bucket before starting"))).toBe("add a bucket before starting");
  });
  it("reads list and override fields", () => {
    expect(fieldLabel("keys[0]")).toBe("Key patterns");
    expect(overrideKeyOf(p("overrides.node.cf.param.limit", "bad"))).toBe("node.cf.param.limit");
    expect(problemText(p("overrides.node.cf.param.limit", "with override node.cf.param.limit: too big"))).toBe("with override node.cf.param.limit: too big");
  });
  it("turns any error into problems", () => {
    expect(problemsOf(new ApiError(409, [p(null, "stop it first")], {}))[0]?.message).toBe("stop it first");
    expect(problemsOf(new ApiError(403, [], {}))[0]?.message).toBe("Your role does not allow this.");
    expect(problemsOf(new TypeError("Failed to fetch"))[0]?.message).toMatch(/could not be reached/);
  });
});
