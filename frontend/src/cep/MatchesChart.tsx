// Matches over time per rule, for the rows on the page: stacked bars drawn as SVG at the
// box's own width (text is never stretched), a legend with each rule's total, and a
// hover title per bar piece.
import { useBoxWidth } from "../lib/useBoxWidth";
import type { MatchesChart as Chart } from "./matchesChart";

const H = 120;
const LEFT = 28;
const BOTTOM = 18;

const clock = (ms: number, withDate: boolean) =>
  new Date(ms).toLocaleString(undefined, withDate ? { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" } : { hour: "2-digit", minute: "2-digit" });

export function MatchesChart({ chart }: { chart: Chart }) {
  const [box, width] = useBoxWidth<HTMLDivElement>(720);

  const n = chart.buckets.length;
  const slot = (width - LEFT) / n;
  const bar = Math.max(2, Math.min(24, slot * 0.7));
  const y = (v: number) => ((H - BOTTOM - 4) * v) / chart.max;
  const withDate = chart.bucketMs >= 86_400_000 || chart.buckets[n - 1]!.t - chart.buckets[0]!.t >= 86_400_000;
  // A time label every ~90 px.
  const labelEvery = Math.max(1, Math.ceil(90 / slot));
  return (
    <figure className="cep-chart" data-testid="matches-chart" data-buckets={n}>
      <figcaption>
        Matches on this page per {chart.bucketLabel}, by rule:{" "}
        {chart.rules.map((r) => (
          <span key={r.id} className="cep-legend-item" data-testid="chart-legend" data-rule={r.id}>
            <span className="swatch" style={{ background: r.colour }} /> {r.id} ({r.total})
          </span>
        ))}
      </figcaption>
      <div ref={box}>
        <svg width={width} height={H} role="img" aria-label="Matches over time per rule">
          <text x={LEFT - 6} y={10} textAnchor="end" className="axis">{chart.max}</text>
          <text x={LEFT - 6} y={H - BOTTOM} textAnchor="end" className="axis">0</text>
          <line x1={LEFT} x2={width} y1={H - BOTTOM} y2={H - BOTTOM} className="baseline" />
          {chart.buckets.map((b, i) => {
            const x = LEFT + i * slot + (slot - bar) / 2;
            let top = H - BOTTOM;
            return (
              <g key={b.t} data-testid="chart-bucket" data-total={b.total}>
                {chart.rules.filter((r) => b.counts[r.id]).map((r) => {
                  const h = y(b.counts[r.id] as number);
                  top -= h;
                  return (
                    <rect key={r.id} x={x} y={top} width={bar} height={h} fill={r.colour}>
                      <title>{`${r.id}: ${b.counts[r.id]} from ${clock(b.t, withDate)}`}</title>
                    </rect>
                  );
                })}
                {i % labelEvery === 0 && <text x={Math.min(width - 30, Math.max(LEFT + 20, x + bar / 2))} y={H - 4} textAnchor="middle" className="axis">{clock(b.t, withDate)}</text>}
              </g>
            );
          })}
        </svg>
      </div>
    </figure>
  );
}
