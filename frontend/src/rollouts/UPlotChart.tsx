// One time-series chart, canary against control, drawn by uPlot (a small, dependency-free
// canvas chart library; loaded only with the rollout page's charts, see MetricsCharts).
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { ChartColumns } from "./chartData";

interface Props {
  title: string;
  unit: string;
  columns: ChartColumns;
  bars?: boolean;
  testId: string;
}

const HEIGHT = 170;
export const COLORS = { canary: "#d9480f", control: "#3355dd" } as const;

function options(p: Props, width: number): uPlot.Options {
  const value = (_: uPlot, v: number | null) => (v === null || v === undefined ? "—" : `${Number(v.toFixed(3))}${p.unit}`);
  // Side by side: the canary's bar left of the time step's centre, the control's right.
  const bars = (align: -1 | 1) => (p.bars && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.4, 40], align }) : undefined);
  return {
    width,
    height: HEIGHT,
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min ?? 0), Math.max(max ?? 1, 1e-9) * 1.15] } },
    axes: [{}, { size: 56, values: (_u, splits) => splits.map((v) => `${Number(v.toFixed(3))}${p.unit}`) }],
    series: [
      {},
      { label: "canary", stroke: COLORS.canary, width: 2, fill: p.bars ? `${COLORS.canary}cc` : undefined, paths: bars(-1), value, spanGaps: false },
      { label: "control", stroke: COLORS.control, width: 2, fill: p.bars ? `${COLORS.control}99` : undefined, paths: bars(1), value, spanGaps: false },
    ],
  };
}

const aligned = (c: ChartColumns): uPlot.AlignedData => [c.x, c.canary, c.control];

export function UPlotChart(props: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(props);
  latest.current = props;

  // Made once per mount; data and width changes update it in place (no flicker on a poll).
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const chart = new uPlot(options(latest.current, Math.max(200, el.clientWidth)), aligned(latest.current.columns), el);
    plot.current = chart;
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(200, el.clientWidth), height: HEIGHT }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
  }, []);

  useEffect(() => {
    plot.current?.setData(aligned(props.columns));
  }, [props.columns]);

  return (
    <figure className="ro-chart" data-testid={props.testId} data-points={props.columns.x.length}>
      <figcaption>{props.title}</figcaption>
      <div ref={box} />
    </figure>
  );
}
