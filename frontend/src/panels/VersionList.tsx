// The graph's versions, newest first, with a checkbox each (and one for the editor's
// current document) to pick the two sides of a diff, and a way to release each one.
import { Link } from "react-router-dom";
import type { VersionResource } from "../api/types";
import { formatTime, shortHash } from "./format";

export const CURRENT = "current";

interface Props {
  versions: readonly VersionResource[];
  picked: readonly string[];
  onToggle: (key: string) => void;
}

export function VersionList({ versions, picked, onToggle }: Props) {
  return (
    <ul className="plain versions-list" data-testid="versions-list">
      <li className={`version-row current${picked.includes(CURRENT) ? " picked" : ""}`} data-testid="version-row-current">
        <label>
          <input type="checkbox" checked={picked.includes(CURRENT)} onChange={() => onToggle(CURRENT)} data-testid="version-pick-current" />
          <span className="v-num">now</span>
          <span className="v-note">Editor’s current document <span className="muted">(unsaved changes included)</span></span>
        </label>
      </li>
      {versions.map((v) => {
        const key = String(v.id);
        return (
          <li key={v.id} className={`version-row${picked.includes(key) ? " picked" : ""}`} data-testid="version-row" data-id={v.id} data-number={v.number}>
            <label>
              <input type="checkbox" checked={picked.includes(key)} onChange={() => onToggle(key)} data-testid="version-pick" />
              <span className="v-num">v{v.number}</span>
              <span className="v-note">{v.note || <span className="muted">(no note)</span>}</span>
            </label>
            <div className="v-meta muted small">
              {v.author ?? "?"} · <time dateTime={v.created_at}>{formatTime(v.created_at)}</time> · <code title={v.config_hash}>{shortHash(v.config_hash)}</code>
              {" · "}<Link to={`/rollouts?new=1&version=${v.id}`} data-testid="version-rollout" title="Release this version to a scene through a reviewed, staged rollout">Roll out…</Link>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
