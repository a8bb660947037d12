// Numbers, times and durations in the words the rollout pages use.
import type { Problem } from "../api/types";

/** 272 → "4 min 32 s"; 3900 → "1 h 5 min"; whole seconds, never negative. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) {
    const rest = s % 60;
    return `${Math.floor(s / 60)} min${rest ? ` ${rest} s` : ""}`;
  }
  const minutes = Math.floor((s % 3600) / 60);
  return `${Math.floor(s / 3600)} h${minutes ? ` ${minutes} min` : ""}`;
}

/** A share (0..1) as a percentage: 0.0123 → "1.23%"; null → "—". */
export function formatShare(share: number | null | undefined, digits = 1): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return "—";
  return `${(share * 100).toFixed(digits).replace(/\.0+$/, "")}%`;
}

/** A traffic percentage as typed: 1 → "1%", 0.5 → "0.5%". */
export const formatPercent = (percent: number) => `${Number(percent.toFixed(2))}%`;

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  return ms >= 100 ? `${Math.round(ms)} ms` : `${Number(ms.toFixed(1))} ms`;
}

export function formatWhen(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** One problem in plain words, naming the field it is about when there is one. */
export function problemText(p: Problem): string {
  return p.field ? `${p.field.replace(/_/g, " ")}: ${p.message}` : p.message;
}
