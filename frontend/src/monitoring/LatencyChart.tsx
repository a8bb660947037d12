// Latency p50 / p95 / p99 over time, one colour per version, drawn by uPlot. A default
// export so the page loads it (and uPlot) lazily. Its own small wrapper: the rollouts'
// chart is made for exactly two series (canary, control).
import { useEffect, useMemo, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { LatencySeries } from "./api";
import { latencyChart, QUANTILES } from "./stats";

const HEIGHT = 240;
const PALETTE = ["#3355dd", "#d9480f", "#2b8a3e", "#862e9c", "#e67700", "#0b7285"];
// Per quantile: p50 thin and dashed, p99 the boldest (the tail is what pages people).
const STYLE = { p50_ms: { width: 1, dash: [4, 3] }, p95_ms: { width: 1.5, dash: [] }, p99_ms: { width: 2.5, dash: [] } } as const;

function options(series: readonly LatencySeries[], width: number): uPlot.Options {
  const value = (_: uPlot, v: number | null) => (v == null ? "—" : `${Number(v.toFixed(2))} ms`);
  return {
    width,
    height: HEIGHT,
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(max ?? 1, 1) * 1.1] } },
    axes: [{}, { size: 64, values: (_u, splits) => splits.map((v) => `${Number(v.toFixed(1))} ms`) }],
    series: [
      {},
      ...series.flatMap((s, i) =>
        QUANTILES.map((qn) => ({
          label: `${s.label} ${qn.replace("_ms", "")}`,
          stroke: PALETTE[i % PALETTE.length],
          width: STYLE[qn].width,
          dash: [...STYLE[qn].dash],
          value,
          spanGaps: false,
          points: { show: true, size: 4 },
        })),
      ),
    ],
  };
}

export default function LatencyChart({ series, stepS }: { series: LatencySeries[]; stepS: number }) {
  const box = useRef<HTMLDivElement>(null);
  const data = useMemo(() => latencyChart(series), [series]);
  // The series (lines and legend) are fixed per chart: a new set of versions makes a new chart.
  const shape = series.map((s) => s.label).join("\u0000");

  useEffect(() => {
    const el = box.current;
    if (!el || !data.x.length) return;
    // A single time step alone makes uPlot's x axis span years: frame it by empty steps.
    const one = data.x.length === 1;
    const x = one ? [(data.x[0] as number) - stepS, data.x[0] as number, (data.x[0] as number) + stepS] : data.x;
    const aligned: uPlot.AlignedData = [x, ...data.lines.map((l) => (one ? [null, ...l.values, null] : l.values))];
    const chart = new uPlot(options(series, Math.max(240, el.clientWidth)), aligned, el);
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(240, el.clientWidth), height: HEIGHT }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
    // Redrawn whole when the data or the versions change (a poll every half minute at most).
  }, [data, shape, stepS]);

  return (
    <figure className="mon-chart" data-testid="latency-chart" data-points={data.x.length} data-series={series.length}>
      <figcaption>Latency p50 / p95 / p99 per version</figcaption>
      {!data.x.length && <p className="muted small" data-testid="latency-empty">No served request in this window.</p>}
      <div ref={box} />
    </figure>
  );
}
