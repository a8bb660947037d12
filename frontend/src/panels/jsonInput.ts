// Parse a JSON object typed by hand, with the error's line and column (JSON.parse only
// says "position N" in V8, or "line L column C" in Firefox).

export type JsonObjectResult =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; message: string; line: number | null; column: number | null };

export function lineColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, position));
  const lines = before.split("\n");
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

export function parseJsonObject(text: string): JsonObjectResult {
  if (!text.trim()) return { ok: false, message: "Empty: write a JSON object, e.g. {}", line: null, column: null };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const raw = err instanceof Error ? err.message : String(err);
    const pos = raw.match(/position (\d+)/);
    const lc = raw.match(/line (\d+) column (\d+)/);
    let where: { line: number; column: number } | null = null;
    if (lc) where = { line: Number(lc[1]), column: Number(lc[2]) };
    else if (pos) where = lineColumn(text, Number(pos[1]));
    else if (/end of (JSON )?(input|data)/i.test(raw)) where = lineColumn(text, text.length);
    // Drop the engine's own location suffix: we say it once, the same way in every browser.
    const message = raw.replace(/^JSON\.parse: /, "").replace(/\s*(in JSON )?at position \d+.*$/, "").replace(/ at line \d+ column \d+.*$/, "");
    return { ok: false, message, line: where?.line ?? null, column: where?.column ?? null };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, message: "The context must be a JSON object ({ … })", line: 1, column: 1 };
  }
  return { ok: true, value: value as Record<string, unknown> };
}
