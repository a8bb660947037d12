// The "Roll out…" form's steps and guardrails as typed (strings), checked and turned into
// the API's body. The server checks the same rules (serializers.py); checking here first
// names the row at fault before anything is sent.
import type { Step } from "./types";

export interface StepRow {
  percent: string;
  /** Minimum observation in minutes: people think of soak time in minutes. */
  minutes: string;
}

export interface ThresholdFields {
  /** Percentage points of error rate the canary may exceed the control by. */
  errorPoints: string;
  timeoutPoints: string;
  p99Ratio: string;
  minRequests: string;
}

export const MAX_STEPS = 10;
const MAX_OBSERVATION_S = 7 * 24 * 3600;

/** The server's defaults (models.default_steps): 1, 5, 20, 50, 100% over 5 to 10 minutes. */
export const DEFAULT_STEPS: Step[] = [
  { percent: 1, min_observation_s: 300 },
  { percent: 5, min_observation_s: 300 },
  { percent: 20, min_observation_s: 600 },
  { percent: 50, min_observation_s: 600 },
  { percent: 100, min_observation_s: 600 },
];

/** The server's default guardrails (models.Rollout). */
export const DEFAULT_THRESHOLDS: ThresholdFields = { errorPoints: "1", timeoutPoints: "1", p99Ratio: "1.5", minRequests: "100" };

export const toRows = (steps: readonly Step[]): StepRow[] =>
  steps.map((s) => ({ percent: String(s.percent), minutes: String(Number((s.min_observation_s / 60).toFixed(2))) }));

/** A new row after the last: halfway to 100%, observed as long as the last one. */
export function nextRow(rows: readonly StepRow[]): StepRow {
  const last = rows[rows.length - 1];
  const p = last ? Number(last.percent) : 0;
  const percent = Number.isFinite(p) && p < 100 ? Math.min(100, Math.ceil((p + 100) / 2)) : 100;
  return { percent: String(percent), minutes: last?.minutes ?? "5" };
}

const number = (text: string): number | null => {
  if (!text.trim()) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
};

export interface Parsed<T> {
  value: T | null;
  problems: string[];
}

export function parseSteps(rows: readonly StepRow[]): Parsed<Step[]> {
  const problems: string[] = [];
  if (rows.length < 1 || rows.length > MAX_STEPS) problems.push(`Give 1 to ${MAX_STEPS} steps.`);
  const steps: Step[] = [];
  rows.forEach((row, i) => {
    const percent = number(row.percent);
    const minutes = number(row.minutes);
    if (percent === null || percent <= 0 || percent > 100) problems.push(`Step ${i + 1}: the percentage must be a number above 0 and at most 100.`);
    if (minutes === null || minutes < 0 || minutes * 60 > MAX_OBSERVATION_S) problems.push(`Step ${i + 1}: the observation time must be 0 to 10080 minutes (a week).`);
    if (percent !== null && minutes !== null) steps.push({ percent, min_observation_s: Math.round(minutes * 60) });
  });
  for (let i = 1; i < steps.length; i++) {
    const a = steps[i - 1] as Step;
    const b = steps[i] as Step;
    if (b.percent <= a.percent) problems.push(`Step ${i + 1}: ${b.percent}% must be more than step ${i}'s ${a.percent}%.`);
  }
  return problems.length ? { value: null, problems } : { value: steps, problems };
}

export interface Thresholds {
  max_error_rate_delta: number;
  max_timeout_rate_delta: number;
  max_p99_ratio: number;
  min_requests: number;
}

export function parseThresholds(f: ThresholdFields): Parsed<Thresholds> {
  const problems: string[] = [];
  const error = number(f.errorPoints);
  const timeout = number(f.timeoutPoints);
  const ratio = number(f.p99Ratio);
  const min = number(f.minRequests);
  if (error === null || error < 0 || error > 100) problems.push("Error rate: give 0 to 100 percentage points.");
  if (timeout === null || timeout < 0 || timeout > 100) problems.push("Timeout rate: give 0 to 100 percentage points.");
  if (ratio === null || ratio < 1 || ratio > 100) problems.push("p99 latency: give a ratio from 1 to 100 (1.5 = at most 50% slower).");
  if (min === null || !Number.isInteger(min) || min < 1 || min > 1_000_000) problems.push("Minimum requests: give a whole number from 1 to 1,000,000.");
  if (problems.length || error === null || timeout === null || ratio === null || min === null) return { value: null, problems };
  // Points → shares, rounded so 1.1 points is 0.011 and not 0.011000000000000001.
  const share = (points: number) => Number((points / 100).toFixed(6));
  return { value: { max_error_rate_delta: share(error), max_timeout_rate_delta: share(timeout), max_p99_ratio: ratio, min_requests: min }, problems };
}

/** "1% → 5% → 20%": the plan in one line. */
export const stepsLine = (steps: readonly Step[]) => steps.map((s) => `${Number(s.percent.toFixed(2))}%`).join(" → ");
