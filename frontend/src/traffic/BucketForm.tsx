// Add or edit a bucket: name, slot range [start, end) of 10,000, overrides. A range
// change is previewed first (the share of units that would change bucket) and saved only
// once the user confirms it; a refusal keeps everything typed.
import { useState, type FormEvent } from "react";
import { previewBucketRange, saveBucket } from "./api";
import { ErrorList } from "./ErrorList";
import { OverrideEditor, type OverrideRow } from "./OverrideEditor";
import { joiningPreview, parseRange } from "./ramp";
import { RampPreview } from "./RampPreview";
import { useSceneContext } from "./sceneData";
import { formatShare } from "./trafficBar";
import { SLOTS, type Bucket, type Experiment, type Layer, type Moved, type Overrides } from "./types";
import { useSubmit } from "./useSubmit";

interface Props {
  experiment: Experiment;
  layer: Layer;
  bucket: Bucket | null;
  onDone: () => void;
}

/** A new bucket starts where the experiment's last one ends. */
function nextRange(experiment: Experiment): [number, number] {
  const start = Math.min(Math.max(0, ...experiment.buckets.map((b) => b.end)), SLOTS - 1);
  return [start, Math.min(start + 1000, SLOTS)];
}

export function BucketForm({ experiment, layer, bucket, onDone }: Props) {
  const { reload } = useSceneContext();
  const [initialStart, initialEnd] = bucket ? [bucket.start, bucket.end] : nextRange(experiment);
  const [name, setName] = useState(bucket?.name ?? "");
  const [startText, setStartText] = useState(String(initialStart));
  const [endText, setEndText] = useState(String(initialEnd));
  const [rows, setRows] = useState<OverrideRow[]>(Object.entries(bucket?.overrides ?? {}).map(([key, value]) => ({ key, value })));
  const [preview, setPreview] = useState<Moved | null>(null);
  const { busy, problems, setProblems, run } = useSubmit();

  const range = parseRange(startText, endText);
  const incomplete = rows.some((r) => r.value === undefined);
  const rangeChanged = typeof range !== "string" && (!bucket || range.start !== bucket.start || range.end !== bucket.end);
  const running = experiment.status === "running";

  const save = async () => {
    if (typeof range === "string") return;
    const overrides: Overrides = Object.fromEntries(rows.map((r) => [r.key, r.value ?? null]));
    const body = { experiment: experiment.id, name: name.trim(), start: range.start, end: range.end, overrides };
    if (await run(() => saveBucket(bucket?.id ?? null, body))) {
      await reload();
      onDone();
    } else {
      setPreview(null);
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (typeof range === "string" || incomplete) return;
    // Ramps are sticky, but only if the user sees what a range change moves first.
    if (rangeChanged && bucket) {
      await run(async () => setPreview(await previewBucketRange(bucket.id, range.start, range.end)));
      return;
    }
    if (rangeChanged && running) {
      setProblems([]);
      setPreview(joiningPreview(range.start, range.end, true));
      return;
    }
    await save();
  };

  const editRange = (set: (v: string) => void) => (e: { target: { value: string } }) => {
    set(e.target.value);
    setPreview(null); // a preview is for the range it was asked for
  };

  return (
    <form className="traffic-form bucket-form" onSubmit={submit} data-testid="bucket-form">
      <div className="form-row">
        <label>Name
          <input value={name} onChange={(e) => setName(e.target.value)} required placeholder="e.g. treatment" data-testid="bucket-name" />
        </label>
        <label>Start slot
          <input type="number" min={0} max={SLOTS - 1} value={startText} onChange={editRange(setStartText)} data-testid="bucket-start" />
        </label>
        <label>End slot (excluded)
          <input type="number" min={1} max={SLOTS} value={endText} onChange={editRange(setEndText)} data-testid="bucket-end" />
        </label>
        <span className="range-note small muted" data-testid="bucket-share">
          {typeof range === "string" ? <span className="bad">{range}</span> : `${formatShare(range.end - range.start)} of units`}
        </span>
      </div>
      <OverrideEditor layer={layer} rows={rows} onChange={setRows} problems={problems} />
      {preview ? (
        <RampPreview moved={preview} busy={busy} onConfirm={() => void save()} onBack={() => setPreview(null)} />
      ) : (
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy || !name.trim() || typeof range === "string" || incomplete} data-testid="bucket-save">
            {busy ? "Checking…" : rangeChanged && (bucket || running) ? "Preview the ramp" : "Save bucket"}
          </button>
          <button type="button" onClick={onDone}>Cancel</button>
        </div>
      )}
      <ErrorList problems={problems} />
    </form>
  );
}
