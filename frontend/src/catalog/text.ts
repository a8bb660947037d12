// Pure helpers for operator docstrings: hard-wrapped paragraphs with `code` spans.

/** Paragraphs (blank-line separated) with their hard line wraps joined by spaces. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.split("\n").map((line) => line.trim()).join(" ").trim())
    .filter(Boolean);
}

// Abbreviations whose full stop does not end a sentence.
const ABBREVIATION = /(?:^|[\s(])(?:e\.g|i\.e|vs|cf)$/i;

/** The first sentence of the first paragraph: one line for a list row. */
export function summary(text: string): string {
  const first = paragraphs(text)[0] ?? "";
  // A sentence ends at ". " outside a `code` span (code may hold dotted names).
  let inCode = false;
  for (let i = 0; i < first.length; i++) {
    const ch = first[i];
    if (ch === "`") inCode = !inCode;
    else if (ch === "." && !inCode && (i === first.length - 1 || first[i + 1] === " ")) {
      if (!ABBREVIATION.test(first.slice(0, i))) return first.slice(0, i + 1);
    }
  }
  return first;
}

export interface Segment {
  code: boolean;
  text: string;
}

/** Split on backticks: odd pieces are inline code. An unpaired backtick stays as text. */
export function segments(text: string): Segment[] {
  const pieces = text.split("`");
  if (pieces.length % 2 === 0) return [{ code: false, text }];
  return pieces
    .map((piece, i) => ({ code: i % 2 === 1, text: piece }))
    .filter((s) => s.text !== "");
}
