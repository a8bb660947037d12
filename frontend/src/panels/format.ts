// Small display helpers shared by the panels.

/** 388 µs, 12.3 ms, 1.24 s: the unit a reader expects for a run's timings. */
export function formatUs(us: number | null | undefined): string {
  if (us == null || !Number.isFinite(us)) return "—";
  if (us < 1000) return `${Math.round(us)} µs`;
  if (us < 1_000_000) return `${(us / 1000).toFixed(us < 10_000 ? 2 : 1)} ms`;
  return `${(us / 1_000_000).toFixed(2)} s`;
}

export const shortHash = (hash: string | null | undefined, n = 8) => (hash ? hash.slice(0, n) : "");

/** A value in one line, for diff lists and table cells. */
export function formatValue(value: unknown, max = 80): string {
  if (value === undefined) return "—";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}
