// A node's output as the test run reports it ({type: "Dataset", rows, sample} or
// {type, value}) turned into something a panel can draw.

export const PREVIEW_ROWS = 20;

export type Preview =
  | { kind: "table"; columns: string[]; rows: string[][]; total: number; shown: number }
  | { kind: "value"; type: string; text: string }
  | { kind: "none" };

export function cellText(v: unknown): string {
  if (v === undefined) return "";
  if (v === null) return "null";
  if (typeof v === "string") return v;
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  return JSON.stringify(v);
}

export function previewOf(output: unknown): Preview {
  if (typeof output !== "object" || output === null) return { kind: "none" };
  const o = output as Record<string, unknown>;
  if (Array.isArray(o.sample)) {
    const sample = o.sample.slice(0, PREVIEW_ROWS);
    // Columns: the union of the rows' keys, in first-seen order (item_id usually first).
    const columns: string[] = [];
    const seen = new Set<string>();
    for (const row of sample) {
      if (typeof row !== "object" || row === null || Array.isArray(row)) continue;
      for (const k of Object.keys(row)) {
        if (seen.has(k)) continue;
        seen.add(k);
        columns.push(k);
      }
    }
    const rows = sample.map((row) => {
      if (typeof row !== "object" || row === null || Array.isArray(row)) return [cellText(row)];
      const r = row as Record<string, unknown>;
      return columns.map((c) => cellText(r[c]));
    });
    const total = typeof o.rows === "number" ? o.rows : o.sample.length;
    return { kind: "table", columns: columns.length ? columns : ["value"], rows, total, shown: rows.length };
  }
  if ("value" in o) {
    const text = typeof o.value === "string" ? o.value : JSON.stringify(o.value, null, 2);
    return { kind: "value", type: typeof o.type === "string" ? o.type : typeof o.value, text: text ?? "null" };
  }
  return { kind: "none" };
}
