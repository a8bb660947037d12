// Inline form for a new graph's name; the graph starts empty (a draft may be invalid).
import { useState, type FormEvent } from "react";

interface Props {
  taken: ReadonlySet<string>;
  onCreate: (name: string, description: string) => Promise<void>;
  onCancel: () => void;
  describeError: (err: unknown) => string;
}

export function NewGraphForm({ taken, onCreate, onCancel, describeError }: Props) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const trimmed = name.trim();
  const problem = trimmed.length > 200 ? "at most 200 characters" : null;
  // Names need not be unique on the server; a clash is only worth a warning.
  const warning = taken.has(trimmed) ? "another graph already has this name" : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!trimmed || problem) return;
    setBusy(true);
    setError(null);
    try {
      await onCreate(trimmed, description.trim());
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  };

  return (
    <form className="new-graph" onSubmit={submit} data-testid="new-graph-form">
      <label>
        Name
        <input autoFocus value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. home_feed" data-testid="new-graph-name" />
      </label>
      <label>
        Description
        <input value={description} onChange={(e) => setDescription(e.target.value)} placeholder="optional" />
      </label>
      <button type="submit" className="primary" disabled={!trimmed || !!problem || busy} data-testid="new-graph-create">{busy ? "Creating…" : "Create"}</button>
      <button type="button" onClick={onCancel}>Cancel</button>
      {(problem || error) && <span className="bad">{problem ?? error}</span>}
      {!problem && !error && warning && <span className="warn">{warning}</span>}
    </form>
  );
}
