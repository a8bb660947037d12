// Server problems ({code, node, field, message}) in plain words: where first (when the
// problem names a node or key), then what.
import type { Problem } from "../api/types";

export interface ProblemLine {
  where: string;
  message: string;
}

export function describeProblem(p: Problem): ProblemLine {
  const parts: string[] = [];
  // A KV key names its node already ("node.b.param.n"): do not say the node twice.
  if (p.field) parts.push(p.field.includes(".") ? `key ${p.field}` : `field ${p.field}`);
  if (p.node && !(p.field ?? "").startsWith(`node.${p.node}.`)) parts.unshift(`node ${p.node}`);
  let message = p.message;
  if (p.field && message.startsWith(`${p.field}: `)) message = message.slice(p.field.length + 2);
  return { where: parts.join(", "), message };
}
