// API problems in the server's own words.
import type { Problem } from "../api/types";

export function ProblemList({ problems, lead }: { problems: Problem[]; lead: string }) {
  if (!problems.length) return null;
  return (
    <div className="mon-problems" role="alert" data-testid="monitoring-problems">
      <strong>{lead}</strong> {problems.map((p) => p.message).join("; ")}
    </div>
  );
}
