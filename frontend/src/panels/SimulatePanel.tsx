// "Simulate" tab of rule graphs: events (typed, or sampled from the pattern nodes) run
// through the document as it is now, unsaved edits included, in memory on the server —
// nothing fires. Shows the counts, a timeline and the matches; a match selects its rule.
import { useEffect, useMemo } from "react";
import { formatEvents, parseEvents } from "../cep/eventsInput";
import { ruleColours } from "../cep/colours";
import { durationWords } from "../cep/ruleWords";
import { sampleEvents } from "../cep/sampleEvents";
import { Timeline } from "../cep/Timeline";
import type { SimMatch, Simulation } from "../cep/types";
import "../cep/cep.css";
import { useEditor } from "../editor/store";
import { Elapsed } from "./Elapsed";
import { ProblemList } from "./ProblemList";
import { clearSimulation, openSimulation, runSimulation, setEventsText, useSimStore } from "./simulateStore";
import { useFocusNode } from "./useFocusNode";
import "./panels.css";

function Stats({ result }: { result: Simulation }) {
  const s = result.stats;
  const items: Array<[string, number, string]> = [
    ["events", s.events, "Events sent"], ["units", s.units, "Different units"], ["matches", s.matches, "Matches found"],
    ["out_of_segment", s.out_of_segment, "Matches whose unit is outside the rule's segment (no action runs)"],
    ["duplicates", s.duplicates, "Events whose id was seen before (dropped)"], ["late", s.late, "Events that came later than the rule's lateness allows (dropped)"],
  ];
  return (
    <div className="sim-stats" data-testid="sim-stats">
      {items.map(([key, n, help]) => (
        <span key={key} title={help} data-testid={`sim-stat-${key}`} data-value={n}><b>{n}</b> {key.replace(/_/g, " ")}</span>
      ))}
    </div>
  );
}

function MatchTable({ result, start, colours, onPick }: { result: Simulation; start: number; colours: Record<string, string>; onPick: (m: SimMatch) => void }) {
  const selected = useEditor((s) => (s.selected.size === 1 ? [...s.selected][0] : null));
  if (!result.matches.length) return <p className="muted" data-testid="sim-no-matches">No rule matched these events.</p>;
  return (
    <table className="cep-table sim-matches" data-testid="sim-matches">
      <thead><tr><th>Rule</th><th>Unit</th><th>Kind</th><th>Time</th><th>In segment</th><th>Actions</th></tr></thead>
      <tbody>
        {result.matches.map((m) => (
          <tr key={m.id} className={selected === m.rule_id ? "selected" : undefined} data-testid="sim-match" data-rule={m.rule_id} data-unit={m.unit_id} onClick={() => onPick(m)} title={`events ${m.event_ids.join(", ")}${m.key ? ` · key ${m.key}` : ""}`}>
            <td className="nowrap"><span className="swatch diamond" style={{ background: colours[m.rule_id] }} /> <code>{m.rule_id}</code></td>
            <td className="mono">{m.unit_id}</td>
            <td>{m.kind}</td>
            <td className="nowrap">{m.match_ts === start ? "0" : `+${durationWords(m.match_ts - start)}`}</td>
            <td className={m.in_segment ? undefined : "no"}>{m.in_segment ? "yes" : "no"}</td>
            <td>{m.actions.length ? m.actions.map((a) => <code key={a}>{a} </code>) : <span className="muted">none</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SimulatePanel() {
  const graphId = useEditor((s) => s.graphId);
  const sim = useSimStore();
  const parsed = useMemo(() => parseEvents(sim.text), [sim.text]);
  const focus = useFocusNode();
  useEffect(() => {
    if (graphId !== null) openSimulation(graphId);
  }, [graphId]);
  const result = sim.result;
  const ruleIds = useMemo(() => result?.rules.map((r) => r.id) ?? [], [result]);
  const colours = useMemo(() => ruleColours(ruleIds), [ruleIds]);
  if (graphId === null) return null;

  const sample = () => {
    const startMs = Math.floor(Date.now() / 60_000) * 60_000;
    const { events, notes } = sampleEvents(useEditor.getState().doc, startMs);
    setEventsText(formatEvents(events), notes);
  };
  const run = () => {
    if (parsed.ok) void runSimulation(useEditor.getState().doc, parsed.events);
  };
  const start = sim.ran.length ? Math.min(...sim.ran.map((e) => e.ts), ...(result?.matches.map((m) => m.match_ts) ?? [])) : 0;
  const pick = (m: SimMatch) => focus(m.rule_id);

  return (
    <div className="panel-pad sim-panel" data-testid="simulate-panel">
      <p className="muted small">
        Runs the rules as they are in the editor now (unsaved changes too) over the events below, in event time. Nothing is sent or recorded.
      </p>
      <div className="field">
        <label className="field-label" htmlFor="sim-events">Events (JSON array: <code>id</code>, <code>unit_id</code>, <code>type</code>, <code>item_id</code>, <code>ts</code> in epoch ms, <code>attributes</code>)</label>
        <textarea
          id="sim-events"
          className={`code-input${parsed.ok || !sim.text ? "" : " invalid"}`}
          data-testid="sim-events"
          spellCheck={false}
          wrap="off"
          rows={Math.min(14, Math.max(5, sim.text.split("\n").length + 1))}
          value={sim.text}
          placeholder='[{"id": "e1", "unit_id": "u1", "type": "cart", "item_id": "i1", "ts": 1700000000000}]'
          onChange={(e) => setEventsText(e.target.value)}
          aria-invalid={!parsed.ok}
        />
        {!parsed.ok && sim.text.trim() !== "" && (
          <span className="field-error" data-testid="sim-events-error">
            {parsed.line != null ? `Line ${parsed.line}: ` : ""}
            {parsed.message}
          </span>
        )}
      </div>
      {sim.notes.length > 0 && (
        <ul className="sim-notes" data-testid="sim-sample-notes">{sim.notes.map((n) => <li key={n}>{n}</li>)}</ul>
      )}
      <div className="button-row">
        <button type="button" data-testid="sim-sample" onClick={sample} title="Events that would fire each rule, one unit per rule">Sample events</button>
        <button type="button" className="primary" data-testid="sim-run" disabled={!parsed.ok || sim.running} onClick={run}>Run</button>
        {result && !sim.running && <button type="button" data-testid="sim-clear" onClick={clearSimulation}>Clear</button>}
        {sim.running && (
          <span className="run-progress" data-testid="sim-progress" role="status">
            <span className="spinner" /> Simulating {parsed.ok ? parsed.events.length : ""} events… <Elapsed since={sim.startedAt} />
          </span>
        )}
      </div>
      <ProblemList problems={sim.problems} testId="sim-problems" />
      {result && (
        <div data-testid="sim-result">
          <ProblemList problems={result.problems} testId="sim-graph-problems" />
          {result.warnings.length > 0 && (
            <ul className="sim-notes" data-testid="sim-warnings">
              {result.warnings.map((w, i) => <li key={`${w.code}-${i}`}>{w.node && <><code>{w.node}</code>: </>}{w.message}</li>)}
            </ul>
          )}
          <Stats result={result} />
          {sim.ran.length > 0 && (
            <Timeline events={sim.ran} matches={result.matches} ruleIds={ruleIds} perRule={result.per_rule} onPickMatch={pick} />
          )}
          <p className="muted small">
            Decided up to {result.until_ms > start ? `+${durationWords(result.until_ms - start)}` : "the last event"} after the first event: later absences are not counted.
          </p>
          <MatchTable result={result} start={start} colours={colours} onPick={pick} />
        </div>
      )}
    </div>
  );
}
