// Whether a version can serve a scene of its kind: a rules scene runs rule graphs (with a
// pattern node), a recommend scene anything else. The server refuses a mismatch too; the
// form says so before anyone picks it.
import type { GraphDocument } from "../api/types";

const PATTERNS = new Set(["cep.sequence", "cep.count", "cep.absence"]);

export const isRuleGraph = (doc: GraphDocument): boolean => doc.nodes.some((n) => PATTERNS.has(n.op));

/** Why the version cannot go to a scene of this kind, or null when it can. */
export function misfit(sceneKind: "recommend" | "rules" | undefined, doc: GraphDocument): string | null {
  if (sceneKind === undefined) return null;
  const rules = isRuleGraph(doc);
  if (sceneKind === "rules" && !rules) return "no pattern node: not a rule set";
  if (sceneKind === "recommend" && rules) return "a rule set: for rules scenes";
  return null;
}
