// The audit log's filters. Edited here, applied on submit (one request per change of
// mind, not per keystroke); the page keeps the applied ones in the URL.
import { useEffect, useState, type FormEvent } from "react";
import { KNOWN_ACTIONS, KNOWN_TARGETS, NO_FILTERS, type AuditFilters } from "./types";

interface Props {
  applied: AuditFilters;
  onApply: (filters: AuditFilters) => void;
}

export function AuditFiltersForm({ applied, onApply }: Props) {
  const [draft, setDraft] = useState(applied);
  useEffect(() => setDraft(applied), [applied]);
  const set = (field: keyof AuditFilters) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [field]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(draft);
  };
  const dirty = Object.values(draft).some(Boolean);

  return (
    <form className="audit-filters" onSubmit={submit} data-testid="audit-filters">
      <label>Action
        <input list="audit-actions" value={draft.action} onChange={set("action")} placeholder="any" data-testid="filter-action" />
        <datalist id="audit-actions">{KNOWN_ACTIONS.map((a) => <option key={a} value={a} />)}</datalist>
      </label>
      <label>Target
        <select value={draft.target_type} onChange={set("target_type")} data-testid="filter-target-type">
          <option value="">any</option>
          {KNOWN_TARGETS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
      </label>
      <label>Target id
        <input value={draft.target_id} onChange={set("target_id")} placeholder="any" size={6} data-testid="filter-target-id" />
      </label>
      <label>Who
        <input value={draft.actor} onChange={set("actor")} placeholder="any user" size={10} data-testid="filter-actor" />
      </label>
      <label>Since
        <input type="datetime-local" value={draft.since} onChange={set("since")} data-testid="filter-since" />
      </label>
      <label>Until
        <input type="datetime-local" value={draft.until} onChange={set("until")} data-testid="filter-until" />
      </label>
      <button type="submit" className="primary" data-testid="filter-apply">Filter</button>
      {dirty && <button type="button" onClick={() => onApply(NO_FILTERS)} data-testid="filter-clear">Clear</button>}
    </form>
  );
}
