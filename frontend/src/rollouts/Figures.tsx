// A replay report's headline figures, each with its label, value and a line of detail.
import type { Figure } from "./replayView";

export function Figures({ figures }: { figures: Figure[] }) {
  return (
    <div className="ro-figures">
      {figures.map((f) => (
        <div key={f.key} className="ro-figure" data-testid={`replay-${f.key}`} title={f.help}>
          <span className="ro-figure-label">{f.label}</span>
          <span className="ro-figure-value">{f.value}</span>
          <span className="muted small">{f.detail}</span>
        </div>
      ))}
    </div>
  );
}
