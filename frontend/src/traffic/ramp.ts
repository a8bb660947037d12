// Ramp previews in words. The server answers a range change with the slots that would
// change bucket in live traffic (webapp/experiments/traffic.py moved_slots); a new bucket
// of a running experiment only takes free slots, so its preview is worked out here.
import { formatShare } from "./trafficBar";
import { SLOTS, type Moved } from "./types";

/** A new bucket [start, end) in a running experiment: its units join, nobody leaves. */
export function joiningPreview(start: number, end: number, live: boolean): Moved {
  const slots = live ? end - start : 0;
  return { moved_share: slots / SLOTS, moved_slots: slots, joining_slots: slots, leaving_slots: 0, sticky: true, live, slots: SLOTS };
}

export interface RampWords {
  headline: string;
  detail: string | null;
  sticky: string;
}

export function rampWords(moved: Moved): RampWords {
  if (!moved.live) {
    return {
      headline: "0% of units would change bucket now: the experiment is not running.",
      detail: "Its buckets carry no traffic until it starts.",
      sticky: "Sticky: nobody is in these buckets yet.",
    };
  }
  const joining = formatShare(moved.joining_slots);
  const leaving = formatShare(moved.leaving_slots);
  const detail = moved.moved_slots ? `${joining} of units would join from no bucket, ${leaving} would leave or switch buckets.` : null;
  return {
    headline: `${formatShare(moved.moved_slots)} of units would change bucket.`,
    detail,
    sticky: moved.sticky
      ? "Sticky: everyone already in a bucket stays in it."
      : `Not sticky: ${leaving} of units already in a bucket would leave it or switch to another.`,
  };
}

/** A range as the user typed it, or the reason it is not one. */
export function parseRange(startText: string, endText: string): { start: number; end: number } | string {
  const start = Number(startText);
  const end = Number(endText);
  if (!Number.isInteger(start) || !Number.isInteger(end) || startText.trim() === "" || endText.trim() === "") return "Start and end are whole numbers of slots.";
  if (start < 0 || end > SLOTS || start >= end) return `A range is [start, end) with 0 ≤ start < end ≤ ${SLOTS.toLocaleString("en")}.`;
  return { start, end };
}
