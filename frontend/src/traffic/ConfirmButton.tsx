// A destructive action asks once more in place (no browser dialog to dismiss).
import { useState, type ReactNode } from "react";

interface Props {
  label: ReactNode;
  question: string;
  onConfirm: () => void;
  disabled?: boolean;
  title?: string;
  testId: string;
}

export function ConfirmButton({ label, question, onConfirm, disabled, title, testId }: Props) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return <button type="button" className="danger-link" disabled={disabled} title={title} onClick={() => setAsking(true)} data-testid={testId}>{label}</button>;
  }
  return (
    <span className="confirm">
      {question}{" "}
      <button type="button" className="danger" onClick={() => { setAsking(false); onConfirm(); }} data-testid={`${testId}-yes`}>Yes</button>{" "}
      <button type="button" onClick={() => setAsking(false)}>No</button>
    </span>
  );
}
