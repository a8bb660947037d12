// Server problems, one per line, where first.
import type { Problem } from "../api/types";
import { describeProblem } from "./problemText";

export function ProblemList({ problems, testId }: { problems: readonly Problem[]; testId?: string }) {
  if (!problems.length) return null;
  return (
    <ul className="panel-problems" data-testid={testId}>
      {problems.map((p, i) => {
        const line = describeProblem(p);
        return (
          <li key={`${p.code}-${i}`} data-node={p.node ?? ""} data-field={p.field ?? ""}>
            {line.where && <strong>{line.where}: </strong>}
            {line.message} <code className="muted">{p.code}</code>
          </li>
        );
      })}
    </ul>
  );
}
