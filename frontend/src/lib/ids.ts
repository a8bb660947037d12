// Node and group ids (DESIGN §2): lower-case letter first, then letters, digits, "_".
export const ID_RE = /^[a-z][a-z0-9_]{0,63}$/;

export function isValidId(id: string): boolean {
  return ID_RE.test(id);
}

/** A readable id stem for an operator: "recall.hot_items" -> "hot_items". */
export function idStemForOp(op: string): string {
  const last = op.split(".").pop() ?? op;
  return sanitizeId(last);
}

/** Coerce any text into something that matches ID_RE (used for stems, never for user input). */
export function sanitizeId(text: string): string {
  let id = text.toLowerCase().replace(/[^a-z0-9_]+/g, "_").replace(/^_+|_+$/g, "");
  if (!/^[a-z]/.test(id)) id = `n_${id}`.replace(/_+$/, "");
  return id.slice(0, 64) || "node";
}

/**
 * The first of `stem`, `stem_2`, `stem_3`, ... not in `taken`. A stem that already ends
 * in `_<n>` (a pasted copy of "hot_2") counts on from its base rather than giving "hot_2_2".
 */
export function uniqueId(stem: string, taken: ReadonlySet<string>): string {
  const clean = sanitizeId(stem);
  if (!taken.has(clean)) return clean;
  const match = /^(.*)_(\d+)$/.exec(clean);
  const base = match?.[1] ?? clean;
  let n = match ? Number(match[2]) + 1 : 2;
  for (;;) {
    const suffix = `_${n}`;
    const candidate = base.slice(0, 64 - suffix.length) + suffix;
    if (!taken.has(candidate)) return candidate;
    n += 1;
  }
}
