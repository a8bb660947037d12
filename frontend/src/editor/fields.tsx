// Small inspector inputs that keep their own text while typing and hand the store a
// clean value (an int in range, or undefined to remove the key).
import { useEffect, useState, type ReactNode } from "react";

interface FieldProps {
  label: string;
  hint?: string | undefined;
  error?: string | null | undefined;
  children: ReactNode;
}

export function Field({ label, hint, error, children }: FieldProps) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      {children}
      {error ? <span className="field-error">{error}</span> : hint && <span className="field-hint">{hint}</span>}
    </label>
  );
}

interface IntFieldProps {
  label: string;
  value: number | undefined;
  min: number;
  max: number;
  disabled?: boolean;
  placeholder?: string;
  testId?: string;
  onChange: (value: number | undefined) => void;
}

export function IntField({ label, value, min, max, disabled, placeholder, testId, onChange }: IntFieldProps) {
  const [text, setText] = useState(value === undefined ? "" : String(value));
  useEffect(() => setText(value === undefined ? "" : String(value)), [value]);
  const n = Number(text);
  const bad = text !== "" && (!Number.isInteger(n) || n < min || n > max);
  return (
    <Field label={label} error={bad ? `an integer from ${min} to ${max}` : null}>
      <input
        type="number"
        min={min}
        max={max}
        value={text}
        disabled={disabled}
        placeholder={placeholder}
        data-testid={testId}
        className={bad ? "invalid" : undefined}
        onChange={(e) => {
          const t = e.target.value;
          setText(t);
          const v = Number(t);
          if (t === "") onChange(undefined);
          else if (Number.isInteger(v) && v >= min && v <= max) onChange(v);
        }}
      />
    </Field>
  );
}

interface CommitTextProps {
  label: string;
  value: string;
  disabled?: boolean;
  testId?: string;
  /** Returns an error message to refuse the value, or null to accept it. */
  check: (value: string) => string | null;
  onCommit: (value: string) => void;
}

/** A text input committed on Enter or blur (renames: no half-typed ids in the document). */
export function CommitTextField({ label, value, disabled, testId, check, onCommit }: CommitTextProps) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const error = text === value ? null : check(text);
  const commit = () => {
    if (text !== value && !error) onCommit(text);
  };
  return (
    <Field label={label} error={error}>
      <input
        value={text}
        disabled={disabled}
        data-testid={testId}
        className={error ? "invalid" : undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === "Enter") commit();
          if (e.key === "Escape") setText(value);
        }}
      />
    </Field>
  );
}
