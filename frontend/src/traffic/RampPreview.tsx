// The ramp check shown before a range change is saved: the share of units that would
// change bucket, and whether everyone already in a bucket stays there.
import { rampWords } from "./ramp";
import type { Moved } from "./types";

export function RampPreview({ moved, onConfirm, onBack, busy }: { moved: Moved; onConfirm: () => void; onBack: () => void; busy: boolean }) {
  const words = rampWords(moved);
  return (
    <div className={`ramp-preview ${moved.sticky ? "sticky" : "not-sticky"}`} role="status" data-testid="ramp-preview" data-sticky={moved.sticky} data-moved={moved.moved_slots}>
      <p><strong data-testid="ramp-moved">{words.headline}</strong></p>
      {words.detail && <p className="small">{words.detail}</p>}
      <p className="small" data-testid="ramp-sticky">{words.sticky}</p>
      <div className="form-actions">
        <button type="button" className="primary" disabled={busy} onClick={onConfirm} data-testid="bucket-confirm">{busy ? "Saving…" : "Confirm and save"}</button>
        <button type="button" onClick={onBack}>Change the range</button>
      </div>
    </div>
  );
}
