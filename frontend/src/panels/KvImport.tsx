// Paste KV (`key = value` lines, or a JSON object of them) → a NEW graph, opened at once.
// A refusal lists every problem with its key; nothing is created or changed.
import { useState } from "react";
import { useNavigate } from "react-router-dom";
import type { Problem } from "../api/types";
import { useMe } from "../api/me";
import { importKv, problemsOf } from "./api";
import { parseJsonObject } from "./jsonInput";
import { ProblemList } from "./ProblemList";

export interface ImportNoticeState {
  notice: string;
}

export function KvImport() {
  const me = useMe();
  const navigate = useNavigate();
  const [text, setText] = useState("");
  const [description, setDescription] = useState("");
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<Problem[]>([]);
  const canImport = !!me?.can_edit;

  const submit = async () => {
    setProblems([]);
    let kv: string | Record<string, unknown> = text;
    // A JSON object is sent as one; anything else is the text form, parsed by the server.
    if (text.trim().startsWith("{")) {
      const parsed = parseJsonObject(text);
      if (!parsed.ok) {
        const where = parsed.line != null ? `line ${parsed.line}, column ${parsed.column}: ` : "";
        setProblems([{ code: "bad_json", node: null, field: null, message: `not valid JSON (${where}${parsed.message})` }]);
        return;
      }
      kv = parsed.value;
    }
    setBusy(true);
    try {
      const graph = await importKv(kv, description);
      const state: ImportNoticeState = { notice: `Imported “${graph.name}” from KV as a new graph (#${graph.id}).` };
      navigate(`/graphs/${graph.id}`, { state });
    } catch (err) {
      setProblems(problemsOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="kv-import">
      <textarea
        className="code-input"
        data-testid="kv-import-text"
        rows={6}
        spellCheck={false}
        placeholder={"graph.schema = 1\ngraph.name = my_feed\nnode.hot.op = recall.hot_items\n…  (or a JSON object)"}
        value={text}
        disabled={!canImport}
        onChange={(e) => setText(e.target.value)}
      />
      <input
        className="text-input"
        placeholder="Description (optional)"
        value={description}
        disabled={!canImport}
        onChange={(e) => setDescription(e.target.value)}
      />
      <div className="button-row">
        <button type="button" data-testid="kv-import-button" disabled={!canImport || busy || !text.trim()} onClick={() => void submit()}>
          {busy ? "Importing…" : "Import as new graph"}
        </button>
        {me && !canImport && <span className="muted small">Your role cannot create graphs.</span>}
      </div>
      {problems.length > 0 && (
        <div className="import-errors" data-testid="kv-import-errors">
          <p className="bad small">Not imported: nothing was created. Fix these and try again:</p>
          <ProblemList problems={problems} />
        </div>
      )}
    </div>
  );
}
