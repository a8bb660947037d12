"""The replay gate: recorded production requests run through the scene's base version and
the rollout's candidate, their data sources answered from the recording (no network, no
side effects), and the two answers compared (compare.py). A rule scene replays the latest
events instead (webapp.cep.replay). Approvers read the report on the
review page; the Celery task reports progress as it goes."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from graphengine import GraphError, Plan, kv
from graphengine.recording import Tape
from operators import Dataset
from webapp.cep import replay as rules_replay
from webapp.core import engine
from webapp.core.errors import Refusal, problem
from webapp.rollouts.compare import Outcome, Report, fingerprint, item_ids
from webapp.rollouts.models import Replay, Rollout, State
from webapp.runs.models import Recording
from webapp.scenes.models import Scene

log = logging.getLogger(__name__)

REPLAYABLE = (State.DRAFT, State.IN_REVIEW, State.APPROVED)
_PROGRESS_EVERY = 5


@transaction.atomic
def request(rollout: Rollout, actor: Any) -> Replay:
    """Queue a replay of the scene's latest recordings (LOOM_REPLAY_SIZE at most)."""
    from webapp.rollouts.tasks import run_replay

    if rollout.state not in REPLAYABLE:
        raise Refusal([problem("bad_state", "a replay is a check before the rollout starts; "
                               f"this one is {rollout.state.replace('_', ' ')}")], 409)
    if rollout.base_version is None:
        raise Refusal([problem("no_base", "the scene had no production version when this "
                               "rollout was made: there is nothing to compare with")], 409)
    if rollout.scene.kind == Scene.Kind.RULES:
        total = min(rules_replay.available(), settings.LOOM_REPLAY_EVENTS)
        if not total:
            raise Refusal([problem("no_events", "no events have come in yet "
                                   "(POST /api/events/): there is nothing to replay the "
                                   "rules over")], 409)
    else:
        total = min(Recording.objects.filter(scene_id=rollout.scene_id).count(),
                    settings.LOOM_REPLAY_SIZE)
        if not total:
            raise Refusal([problem("no_recordings", f"no production requests of "
                                   f"'{rollout.scene.slug}' are recorded yet (a share "
                                   "LOOM_REPLAY_RECORD_SAMPLE of served requests is)")], 409)
    replay = Replay.objects.create(rollout=rollout, total=total, requested_by=actor)
    transaction.on_commit(lambda: run_replay.delay(replay.pk))
    return replay


def run(replay_id: int) -> None:
    """Worker side, idempotent: a finished replay is not run again."""
    replay = Replay.objects.select_related("rollout__version", "rollout__base_version").get(
        pk=replay_id)
    if replay.status in (Replay.Status.DONE, Replay.Status.FAILED):
        return
    Replay.objects.filter(pk=replay.pk).update(status=Replay.Status.RUNNING, done=0)
    rollout = replay.rollout
    try:
        report = _replay(replay, rollout)
        done = report["events"] if report.get("kind") == "rules" else report["requests"]
    except Exception as exc:  # the task must leave a reason behind, not a spinner
        log.exception("replay %s failed", replay.pk)
        Replay.objects.filter(pk=replay.pk).update(status=Replay.Status.FAILED,
                                                   error=str(exc)[:2000],
                                                   finished_at=timezone.now())
        return
    Replay.objects.filter(pk=replay.pk).update(status=Replay.Status.DONE, report=report,
                                               done=done,
                                               finished_at=timezone.now())


def _replay(replay: Replay, rollout: Rollout) -> dict[str, Any]:
    if rollout.scene.kind == Scene.Kind.RULES:
        report = rules_replay.compare(
            engine.compile_kv(rollout.base_version.kv), engine.compile_kv(rollout.version.kv),
            rules_replay.recent_events(replay.total),
            lambda done: Replay.objects.filter(pk=replay.pk).update(done=done))
        report.update(base_version=rollout.base_version.number,
                      candidate_version=rollout.version.number)
        return report
    recordings = list(Recording.objects.filter(scene_id=rollout.scene_id)
                      .order_by("-created_at")[:replay.total])
    base_kv, candidate_kv = rollout.base_version.kv, rollout.version.kv
    report = Report()
    for i, recording in enumerate(recordings, start=1):
        base = _outcome(base_kv, recording)
        candidate = _outcome(candidate_kv, recording)
        report.add(recording.unit_id, base, candidate)
        if i % _PROGRESS_EVERY == 0:
            Replay.objects.filter(pk=replay.pk).update(done=i)
    rendered = report.render()
    rendered.update(base_version=rollout.base_version.number,
                    candidate_version=rollout.version.number)
    return rendered


def _outcome(version_kv: dict[str, str], recording: Recording) -> Outcome:
    """One graph on one recorded request. The request's experiment overrides are applied
    as they were; when they no longer fit the graph it runs without them."""
    plan = _plan(version_kv, recording.overrides)
    result = engine.run(plan, recording.context, tape=Tape(recording.calls), replay=True)
    return Outcome(result.status, item_ids(_rows(result.output)), result.duration_ns // 1000,
                   {node: fingerprint(_rows(value)) for node, value in result.outputs.items()},
                   [f"{node}: {message}" for node, message in result.errors.items()])


def _plan(version_kv: dict[str, str], overrides: dict[str, Any]) -> Plan:
    if overrides:
        try:
            return engine.compile_kv(kv.apply_overlay(version_kv, overrides))
        except GraphError:
            pass  # the overrides do not fit this version
    return engine.compile_kv(version_kv)


def _rows(value: Any) -> Any:
    return value.rows() if isinstance(value, Dataset) else value
