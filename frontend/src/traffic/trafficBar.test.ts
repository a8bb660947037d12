import { describe, expect, it } from "vitest";
import { formatRange, formatShare, layerLanes } from "./trafficBar";
import type { Bucket, Experiment, ExperimentStatus } from "./types";

let nextId = 1;
function bucket(name: string, start: number, end: number): Bucket {
  return { id: nextId++, experiment: 0, name, start, end, overrides: {}, created_at: "", updated_at: "" };
}
function experiment(name: string, status: ExperimentStatus, buckets: Bucket[]): Experiment {
  return { id: nextId++, layer: 1, scene: "feed", name, description: "", status, buckets, created_by: null, started_at: null, stopped_at: null, created_at: "", updated_at: "" };
}

describe("formatShare / formatRange", () => {
  it("reads as a percentage of 10,000 slots", () => {
    expect(formatShare(10_000)).toBe("100%");
    expect(formatShare(1250)).toBe("12.5%");
    expect(formatShare(500)).toBe("5%");
    expect(formatShare(3)).toBe("0.03%");
    expect(formatShare(0)).toBe("0%");
    expect(formatRange(0, 1250)).toBe("slots 0–1249 (12.5%)");
  });
});

describe("layerLanes", () => {
  it("draws running buckets on the live lane and drafts on their own, stopped nowhere", () => {
    const lanes = layerLanes([
      experiment("b", "running", [bucket("treat", 5000, 6000), bucket("control", 0, 1000)]),
      experiment("d", "draft", [bucket("x", 500, 2500)]),
      experiment("s", "stopped", [bucket("old", 0, 10_000)]),
    ]);
    expect(lanes.map((l) => l.kind)).toEqual(["running", "draft"]);
    const live = lanes[0]!;
    expect(live.segments.map((s) => s.label)).toEqual(["b / control", "b / treat"]);
    expect(live.segments[1]).toMatchObject({ left: 50, width: 10, share: "10%" });
    expect(live.free).toBe(8000);
    expect(lanes[1]!.segments[0]).toMatchObject({ status: "draft", share: "20%", colour: 1 });
  });
  it("has a live lane even with no experiment, and no draft lane without drafts", () => {
    expect(layerLanes([])).toEqual([{ kind: "running", segments: [], free: 10_000 }]);
  });
});
