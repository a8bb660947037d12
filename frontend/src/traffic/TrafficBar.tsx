// A layer's 10,000 slots as a horizontal bar: one coloured segment per bucket (running
// experiments solid, drafts hatched on a second lane), the range on hover.
import type { Experiment } from "./types";
import { formatShare, layerLanes } from "./trafficBar";

export function TrafficBar({ experiments }: { experiments: readonly Experiment[] }) {
  const lanes = layerLanes(experiments);
  return (
    <div className="traffic-bar" data-testid="traffic-bar">
      {lanes.map((lane) => (
        <div key={lane.kind} className="traffic-lane-row">
          <span className="traffic-lane-label">{lane.kind === "running" ? "live" : "drafts"}</span>
          <div className={`traffic-lane lane-${lane.kind}`} data-testid={`traffic-lane-${lane.kind}`}>
            {lane.segments.map((s) => (
              <div
                key={s.bucketId}
                className={`traffic-segment colour-${s.colour} seg-${s.status}`}
                style={{ left: `${s.left}%`, width: `${s.width}%` }}
                title={`${s.label}: ${s.range}`}
                data-testid="traffic-segment"
                data-bucket={s.bucketId}
                data-start={s.start}
                data-end={s.end}
              >
                <span className="traffic-segment-text">{s.label} · {s.share}</span>
              </div>
            ))}
          </div>
        </div>
      ))}
      <div className="traffic-scale">
        <span>0</span>
        <span className="muted small">{lanes[0] ? `${formatShare(lanes[0].free)} of units in no running experiment` : ""}</span>
        <span>10,000</span>
      </div>
    </div>
  );
}
