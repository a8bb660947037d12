"""The live rollout of a scene as traffic resolution needs it. Loaded with the scene's
traffic config and cached with it (every rollout transition bumps the traffic revision),
so a request pays nothing for it."""

from __future__ import annotations

from webapp.experiments.traffic import SLOTS, Canary
from webapp.rollouts.models import LIVE, Rollout


def load(scene_id: int) -> Canary | None:
    rollout = (Rollout.objects.filter(scene_id=scene_id, state__in=LIVE)
               .select_related("version").first())
    if rollout is None:
        return None
    version = rollout.version
    return Canary(rollout.pk, rollout.salt, round(rollout.percent * SLOTS / 100), version.pk,
                  version.number, version.config_hash, version.kv)
