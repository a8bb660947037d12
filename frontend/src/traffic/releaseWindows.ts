// Release windows as the scene API holds them ({days, start, end} in the scene's time zone),
// and the rows the form edits. Times come back as "HH:MM:SS"; the form shows "HH:MM".
export const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Day = (typeof DAYS)[number];

export interface ReleaseWindow {
  days: string[];
  start: string;
  end: string;
}

export const hhmm = (time: string): string => time.slice(0, 5);

/** "mon–fri 09:00–17:00": consecutive days folded into a range. */
export function describeWindow(w: ReleaseWindow): string {
  const idx = DAYS.map((d, i) => (w.days.includes(d) ? i : -1)).filter((i) => i >= 0);
  const runs: string[] = [];
  let from = 0;
  for (let k = 1; k <= idx.length; k++) {
    if (k === idx.length || idx[k] !== (idx[k - 1] ?? 0) + 1) {
      const a = DAYS[idx[from] ?? 0] ?? "", b = DAYS[idx[k - 1] ?? 0] ?? "";
      runs.push(k - 1 === from ? a : k - 1 === from + 1 ? `${a},${b}` : `${a}–${b}`);
      from = k;
    }
  }
  const overnight = hhmm(w.end) <= hhmm(w.start) ? " (into the next day)" : "";
  return `${runs.join(",")} ${hhmm(w.start)}–${hhmm(w.end)}${overnight}`;
}

export const newWindow = (): ReleaseWindow => ({ days: ["mon", "tue", "wed", "thu", "fri"], start: "09:00", end: "17:00" });

export function toggleDay(w: ReleaseWindow, day: Day): ReleaseWindow {
  const days = w.days.includes(day) ? w.days.filter((d) => d !== day) : [...w.days, day];
  return { ...w, days: DAYS.filter((d) => days.includes(d)) };
}
