// What a scene serves, as a small badge: "recommend" (answers requests) or "rules" (CEP).
import type { SceneKind } from "./types";

const TITLE: Record<SceneKind, string> = {
  recommend: "Serves recommendations: its graph answers each request",
  rules: "A rule set: its graph runs on behaviour events and fires matches",
};

export function KindBadge({ kind }: { kind: SceneKind }) {
  return (
    <span className={`kind-badge kind-${kind}`} title={TITLE[kind] ?? kind} data-testid="scene-kind" data-kind={kind}>
      {kind}
    </span>
  );
}
