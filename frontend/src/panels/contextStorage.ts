// The last test-run context per graph, kept in localStorage as typed (even half-written).

export const DEFAULT_CONTEXT = '{"user": {"id": "u1", "days_since_signup": 30}}';
const key = (graphId: number) => `loom.testRun.context.${graphId}`;

export function readContext(graphId: number): string {
  try {
    return localStorage.getItem(key(graphId)) ?? DEFAULT_CONTEXT;
  } catch {
    return DEFAULT_CONTEXT;
  }
}

export function writeContext(graphId: number, text: string): void {
  try {
    localStorage.setItem(key(graphId), text);
  } catch {
    // storage full or disabled: the context is only a convenience
  }
}
