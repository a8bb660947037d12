// Offers to bring back unsaved work found in localStorage (after a crash or a refresh).
import type { Draft } from "./persistence";

interface Props {
  draft: Draft;
  currentRevision: number;
  onRestore: () => void;
  onDiscard: () => void;
}

export function DraftBanner({ draft, currentRevision, onRestore, onDiscard }: Props) {
  return (
    <div className="draft-banner" data-testid="draft-banner" role="alert">
      <span>
        Unsaved changes from {new Date(draft.savedAt).toLocaleString()} were found in this browser.
        {draft.revision !== currentRevision && ` They were made on revision ${draft.revision}; the server now has revision ${currentRevision}.`}
      </span>
      <button type="button" className="primary" data-testid="draft-restore" onClick={onRestore}>Restore</button>
      <button type="button" data-testid="draft-discard" onClick={onDiscard}>Discard</button>
    </div>
  );
}
