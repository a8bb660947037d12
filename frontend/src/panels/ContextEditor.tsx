// The run context as JSON: checked as it is typed, with the error's line and column.
import type { JsonObjectResult } from "./jsonInput";

interface Props {
  value: string;
  parsed: JsonObjectResult;
  onChange: (text: string) => void;
}

export function ContextEditor({ value, parsed, onChange }: Props) {
  const lines = Math.min(14, Math.max(5, value.split("\n").length + 1));
  return (
    <div className="field">
      <label className="field-label" htmlFor="run-context">Context (JSON object: <code>ctx</code> in expressions)</label>
      <textarea
        id="run-context"
        className={`code-input${parsed.ok ? "" : " invalid"}`}
        data-testid="run-context"
        spellCheck={false}
        rows={lines}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={!parsed.ok}
      />
      {!parsed.ok && (
        <span className="field-error" data-testid="run-context-error">
          {parsed.line != null ? `Line ${parsed.line}, column ${parsed.column}: ` : ""}
          {parsed.message}
        </span>
      )}
    </div>
  );
}
