// A refusal, next to the form that caused it: one line per problem, in the server's words.
import type { Problem } from "../api/types";
import { problemText } from "./problems";

export function ErrorList({ problems, testId = "form-errors" }: { problems: readonly Problem[]; testId?: string }) {
  if (!problems.length) return null;
  return (
    <ul className="form-errors" role="alert" data-testid={testId}>
      {problems.map((p, i) => (
        <li key={`${p.code}-${i}`} data-code={p.code} data-field={p.field ?? ""}>{problemText(p)}</li>
      ))}
    </ul>
  );
}
