// Key patterns a layer owns, with the semantics of webapp/experiments/patterns.py: literal
// key text where `*` stands for any run of characters, dots included (`node.*.limit` owns
// `node.cf.param.limit`), and nothing else is special. The server has the last word; this
// only decides which keys the override editor offers.

/** The server's rule: letters, digits, '_', '.' and '*', at most 200 characters. */
const PATTERN_RE = /^[A-Za-z0-9_.*]{1,200}$/;
export const PATTERN_RULE = "letters, digits, '_', '.' and the wildcard '*', at most 200 characters";

export function isValidPattern(pattern: string): boolean {
  return PATTERN_RE.test(pattern);
}

const compiled = new Map<string, RegExp>();

function regexOf(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    // Escape every regex metacharacter; `*` becomes "anything, newlines included".
    const body = pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\/-]/g, "\\$&"))
      .join("[\\s\\S]*");
    re = new RegExp(`^${body}$`);
    compiled.set(pattern, re);
  }
  return re;
}

export function matches(pattern: string, key: string): boolean {
  return regexOf(pattern).test(key);
}

/** Does a layer with these patterns own the key? */
export function owned(patterns: readonly string[], key: string): boolean {
  return patterns.some((p) => matches(p, key));
}

/** The keys among `keys` the patterns own, in the order given. */
export function ownedKeys(patterns: readonly string[], keys: Iterable<string>): string[] {
  return [...keys].filter((k) => owned(patterns, k));
}

/** Patterns from the form's text: one per line or comma separated, blanks dropped. */
export function parsePatterns(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((p) => p.trim())
    .filter(Boolean);
}
