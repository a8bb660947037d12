// The steps of a rollout as rows of (traffic %, minimum observation in minutes).
import { MAX_STEPS, nextRow, type StepRow } from "./steps";

interface Props {
  rows: StepRow[];
  onChange: (rows: StepRow[]) => void;
}

export function StepsEditor({ rows, onChange }: Props) {
  const update = (i: number, field: keyof StepRow, value: string) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, [field]: value } : r)));
  return (
    <div className="ro-steps-editor" data-testid="steps-editor">
      <table>
        <thead>
          <tr>
            <th>Step</th>
            <th>Traffic %</th>
            <th>Observe at least (min)</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} data-testid="step-row">
              <td>{i + 1}</td>
              <td>
                <input aria-label={`Step ${i + 1} traffic percent`} data-testid="step-percent" inputMode="decimal" value={r.percent} onChange={(e) => update(i, "percent", e.target.value)} />
              </td>
              <td>
                <input aria-label={`Step ${i + 1} minimum observation in minutes`} data-testid="step-minutes" inputMode="decimal" value={r.minutes} onChange={(e) => update(i, "minutes", e.target.value)} />
              </td>
              <td>
                <button type="button" className="ro-link" data-testid="step-remove" disabled={rows.length <= 1} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                  remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="ro-link" data-testid="step-add" disabled={rows.length >= MAX_STEPS} onClick={() => onChange([...rows, nextRow(rows)])}>
        + add a step
      </button>
    </div>
  );
}
