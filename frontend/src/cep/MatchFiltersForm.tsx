// The matches page's filters: edited here, applied on submit; the page keeps them in the URL.
import { useEffect, useState, type FormEvent } from "react";
import { NO_FILTERS, type MatchFilter, type MatchFilters } from "./matchQuery";

const KINDS = ["sequence", "count", "absence"];
const STATUSES = ["running", "ok", "degraded", "failed", "timeout", "error"];
const ARMS = ["canary", "control"];

interface Props {
  applied: MatchFilters;
  scenes: string[];
  onApply: (filters: MatchFilters) => void;
}

export function MatchFiltersForm({ applied, scenes, onApply }: Props) {
  const [draft, setDraft] = useState(applied);
  useEffect(() => setDraft(applied), [applied]);
  const set = (field: MatchFilter) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [field]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(draft);
  };
  const choice = (field: MatchFilter, label: string, options: string[]) => (
    <label>{label}
      <select value={draft[field]} onChange={set(field)} data-testid={`match-filter-${field}`}>
        <option value="">any</option>
        {/* A value from a link that the list does not know stays selectable. */}
        {draft[field] && !options.includes(draft[field]) && <option value={draft[field]}>{draft[field]}</option>}
        {options.map((o) => <option key={o} value={o}>{o}</option>)}
      </select>
    </label>
  );
  return (
    <form className="audit-filters" onSubmit={submit} data-testid="match-filters">
      {choice("scene", "Scene", scenes)}
      <label>Rule
        <input value={draft.rule} onChange={set("rule")} placeholder="any" size={14} data-testid="match-filter-rule" />
      </label>
      <label>Unit
        <input value={draft.unit_id} onChange={set("unit_id")} placeholder="any" size={12} data-testid="match-filter-unit_id" />
      </label>
      {choice("kind", "Kind", KINDS)}
      {choice("status", "Status", STATUSES)}
      {choice("arm", "Rollout arm", ARMS)}
      <button type="submit" className="primary" data-testid="match-filter-apply">Filter</button>
      {Object.values(draft).some(Boolean) && <button type="button" onClick={() => onApply(NO_FILTERS)} data-testid="match-filter-clear">Clear</button>}
    </form>
  );
}
