// The simulation drawn: one lane per unit, a dot per event coloured by its type, a diamond
// per match coloured by its rule (hollow when the unit is outside the rule's segment).
// Hover any mark for its details; a click on a match selects its rule.
import { useMemo } from "react";
import { useBoxWidth } from "../lib/useBoxWidth";
import { layoutTimeline } from "./timeline";
import type { SimEvent, SimMatch } from "./types";

interface Props {
  events: readonly SimEvent[];
  matches: readonly SimMatch[];
  ruleIds: readonly string[];
  perRule: Record<string, number>;
  onPickMatch: (match: SimMatch) => void;
}

const R = 4;
const D = 6; // half-diagonal of a match diamond

export function Timeline({ events, matches, ruleIds, perRule, onPickMatch }: Props) {
  const [box, width] = useBoxWidth<HTMLDivElement>(320);
  const layout = useMemo(() => layoutTimeline(events, matches, ruleIds, width), [events, matches, ruleIds, width]);
  const byId = useMemo(() => new Map(matches.map((m) => [m.id, m])), [matches]);
  const bottom = layout.height - 20;

  return (
    <div className="sim-timeline" ref={box} data-testid="sim-timeline" data-lanes={layout.lanes.length}>
      <svg width={layout.width} height={layout.height} role="img" aria-label="Events and matches over time, one lane per unit">
        {layout.ticks.map((t) => (
          <g key={t.x}>
            <line className="tick" x1={t.x} x2={t.x} y1={0} y2={bottom} />
            <text className="axis" x={t.x} y={layout.height - 6} textAnchor={t.x > layout.plotRight - 24 ? "end" : "middle"}>{t.label}</text>
          </g>
        ))}
        {layout.lanes.map((l) => (
          <g key={l.unit} data-testid="sim-lane" data-unit={l.unit}>
            <line className="lane" x1={layout.plotLeft} x2={layout.plotRight} y1={l.y} y2={l.y} />
            <text className="lane-label" x={layout.plotLeft - 6} y={l.y + 3} textAnchor="end">{l.unit.length > 8 ? `${l.unit.slice(0, 7)}…` : l.unit}<title>{l.unit}</title></text>
          </g>
        ))}
        {layout.dots.map((d) => (
          <circle key={d.key} cx={d.x} cy={d.y} r={R} fill={d.colour} data-testid="sim-event-dot" data-type={d.type}>
            <title>{d.title}</title>
          </circle>
        ))}
        {layout.markers.map((m) => (
          <polygon
            key={m.key}
            className={`match-marker${m.inSegment ? "" : " outside"}`}
            points={`${m.x},${m.y - D - 4} ${m.x + D},${m.y - 4} ${m.x},${m.y + D - 4} ${m.x - D},${m.y - 4}`}
            fill={m.colour}
            style={m.inSegment ? undefined : { stroke: m.colour }}
            data-testid="sim-match-marker"
            data-rule={m.rule}
            onClick={() => {
              const match = byId.get(m.key);
              if (match) onPickMatch(match);
            }}
          >
            <title>{m.title}</title>
          </polygon>
        ))}
      </svg>
      {layout.hiddenUnits > 0 && <p className="muted small">{layout.hiddenUnits} more unit{layout.hiddenUnits === 1 ? "" : "s"} not drawn (the first 40 are).</p>}
      <div className="sim-legend" data-testid="sim-legend">
        {layout.types.map((t) => (
          <span key={t.type} data-testid="sim-legend-type" data-type={t.type}><span className="swatch round" style={{ background: t.colour }} />{t.type}</span>
        ))}
        {layout.rules.map((r) => (
          <span key={r.id} data-testid="sim-legend-rule" data-rule={r.id}><span className="swatch diamond" style={{ background: r.colour }} />{r.id} ({perRule[r.id] ?? 0})</span>
        ))}
      </div>
    </div>
  );
}
