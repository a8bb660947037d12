// The metrics series (GET /api/rollouts/<id>/metrics/) as chart columns: one x column of
// unix seconds and a canary and a control column per chart. A time step in which an arm
// served nothing is a gap (null), not a zero: 0% errors of no requests says nothing.
import type { ArmStats, MetricsPoint } from "./types";

export type Column = Array<number | null>;

export interface ChartColumns {
  x: number[];
  canary: Column;
  control: Column;
}

export type Measure = "error_rate" | "timeout_rate" | "p99_ms" | "requests";

function value(arm: ArmStats | undefined, measure: Measure): number | null {
  if (!arm) return measure === "requests" ? 0 : null;
  if (measure === "requests") return arm.requests;
  if (!arm.requests) return null;
  // Rates as percentages: an axis of "1.5" reads as 1.5%, not 150%.
  if (measure === "error_rate" || measure === "timeout_rate") return Number((arm[measure] * 100).toFixed(4));
  return arm.p99_ms;
}

export function columns(points: readonly MetricsPoint[], measure: Measure): ChartColumns {
  const sorted = [...points].sort((a, b) => a.t.localeCompare(b.t));
  return {
    x: sorted.map((p) => Math.round(new Date(p.t).getTime() / 1000)),
    canary: sorted.map((p) => value(p.canary, measure)),
    control: sorted.map((p) => value(p.control, measure)),
  };
}

/** Requests per arm over the whole series, for the chart's caption. */
export function totals(points: readonly MetricsPoint[]): { canary: number; control: number } {
  return points.reduce(
    (t, p) => ({ canary: t.canary + (p.canary?.requests ?? 0), control: t.control + (p.control?.requests ?? 0) }),
    { canary: 0, control: 0 },
  );
}

/** Seconds per point: about 60 points over the time since the start, at least 10 s. */
export function stepFor(startedAt: string | null, nowMs: number): number {
  if (!startedAt) return 60;
  const elapsed = (nowMs - new Date(startedAt).getTime()) / 1000;
  const raw = Math.max(10, Math.ceil(elapsed / 60));
  const nice = [10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 43200, 86400];
  return nice.find((n) => n >= raw) ?? 86400;
}
