// Asks before an action that moves traffic back (roll back, kill switch), with an
// optional reason that goes to the audit log.
import { useEffect, useRef, useState } from "react";

interface Props {
  title: string;
  body: string;
  confirm: string;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}

export function ConfirmDialog({ title, body, confirm, onConfirm, onCancel }: Props) {
  const [reason, setReason] = useState("");
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  return (
    <div className="ro-overlay" onKeyDown={(e) => e.key === "Escape" && onCancel()}>
      <div className="ro-dialog" role="dialog" aria-modal="true" aria-label={title} data-testid="confirm-dialog">
        <h3>{title}</h3>
        <p>{body}</p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            onConfirm(reason.trim());
          }}
        >
          <label className="ro-wide">
            Reason (kept in the audit log)
            <input ref={input} data-testid="confirm-reason" value={reason} maxLength={450} onChange={(e) => setReason(e.target.value)} />
          </label>
          <div className="ro-form-actions">
            <button type="submit" className="ro-danger" data-testid="confirm-ok">{confirm}</button>
            <button type="button" data-testid="confirm-cancel" onClick={onCancel}>Cancel</button>
          </div>
        </form>
      </div>
    </div>
  );
}
