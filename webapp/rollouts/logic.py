"""Use cases of a rollout (DESIGN §6): create, submit, approve / reject under four eyes,
start and advance inside release windows, pause, resume, roll back, and the scene's kill
switch. Every path that changes what a scene serves goes through here: each locks the
scene's traffic, records in the audit log and bumps the traffic revision, so the very next
request is served the new state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn

from django.db import transaction
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from graphengine import Graph as EngineGraph
from graphengine import GraphError
from webapp.audit import logic as audit
from webapp.cep import logic as cep
from webapp.core.errors import Refusal, problem
from webapp.core.roles import APPROVER, has_role
from webapp.experiments import logic as experiments
from webapp.experiments import rules
from webapp.experiments.models import Bucket, Experiment
from webapp.rollouts.models import LIVE, Rollout, State
from webapp.scenes import windows
from webapp.scenes.models import Scene


def _refuse(code: str, message: str, status: int = 409, field: str | None = None) -> NoReturn:
    raise Refusal([problem(code, message, field=field)], status)


def _locked(rollout: Rollout) -> Rollout:
    """The rollout re-read under the scene's traffic lock: two people pressing buttons at
    once are served one after the other, each seeing what the other did."""
    experiments.lock_scene(rollout.scene_id)
    return Rollout.objects.select_for_update().select_related("scene", "version").get(
        pk=rollout.pk)


def _step(rollout: Rollout, action: str, actor: Any, change: Callable[[], None],
          summary: str, details: dict[str, Any] | None = None) -> Rollout:
    """Apply one transition: its state change, the audit entry, the traffic bump."""
    before = rollout.state
    try:
        change()
    except TransitionNotAllowed:
        _refuse("bad_state", f"a rollout that is {before.replace('_', ' ')} cannot "
                f"{action.replace('_', ' ')}")
    rollout.save()
    audit.record(actor, f"rollout.{action}", rollout, summary,
                 {"state": {"old": before, "new": rollout.state}, "percent": rollout.percent,
                  **(details or {})})
    experiments.traffic_changed(rollout.scene_id)
    return rollout


def _check_window(scene: Scene, doing: str) -> None:
    if not windows.is_open(scene.release_windows, scene.release_timezone, timezone.now()):
        hours = windows.describe(scene.release_windows, scene.release_timezone)
        _refuse("outside_release_window", f"{doing} is not allowed now: scene '{scene.slug}' "
                f"releases only in {hours}. A rollback is always allowed.")


# -- authoring and review -----------------------------------------------------------------


@transaction.atomic
def create(rollout: Rollout, actor: Any) -> Rollout:
    """A draft rollout of a version to a scene, against the scene's production version."""
    scene = rollout.scene
    if scene.production_version_id == rollout.version_id:
        _refuse("already_in_production", f"v{rollout.version.number} already serves "
                f"'{scene.slug}'", 400, "version")
    try:
        graph = EngineGraph.from_kv(rollout.version.kv)
    except GraphError as exc:
        raise Refusal(exc.to_list(), 400) from None
    if problems := cep.kind_problems(scene, (node.op for node in graph.nodes.values())):
        raise Refusal(problems, 400)
    rollout.base_version_id = scene.production_version_id
    rollout.created_by = actor if getattr(actor, "is_authenticated", False) else None
    rollout.save()
    audit.record_save(actor, "rollout.create", None, rollout)
    return rollout


@transaction.atomic
def update(rollout: Rollout, changes: dict[str, Any], actor: Any) -> Rollout:
    """Steps, guardrails and the note change only while a draft: what was reviewed is what
    rolls out."""
    locked = _locked(rollout)
    if locked.state != State.DRAFT:
        _refuse("bad_state", "only a draft rollout can be changed; reviewed settings are "
                "what rolls out")
    before = audit.stored(locked)
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.save()
    audit.record_save(actor, "rollout.update", before, locked)
    return locked


@transaction.atomic
def delete(rollout: Rollout, actor: Any) -> None:
    locked = _locked(rollout)
    if locked.state not in (State.DRAFT, State.REJECTED):
        _refuse("bad_state", "only draft or rejected rollouts can be deleted; the others are "
                "the scene's history")
    audit.record(actor, "rollout.delete", locked, "deleted")
    locked.delete()


@transaction.atomic
def submit(rollout: Rollout, actor: Any) -> Rollout:
    locked = _locked(rollout)
    locked.submitted_at = timezone.now()
    return _step(locked, "submit", actor, locked.submit, "submitted for review")


def _check_four_eyes(rollout: Rollout, actor: Any, doing: str) -> None:
    """Enforced here, under every endpoint that reviews: not only hidden in the UI."""
    if not has_role(actor, APPROVER):
        _refuse("forbidden", f"only an approver can {doing} a rollout", 403)
    if actor.pk in rollout.authors:
        _refuse("four_eyes", f"you made this version or asked for its rollout: someone else "
                f"must {doing} it", 403)


@transaction.atomic
def review(rollout: Rollout, actor: Any, approve: bool, comment: str) -> Rollout:
    locked = _locked(rollout)
    doing = "approve" if approve else "reject"
    _check_four_eyes(locked, actor, doing)
    locked.reviewed_by, locked.reviewed_at, locked.review_comment = (
        actor, timezone.now(), comment)
    return _step(locked, doing, actor, locked.approve if approve else locked.reject,
                 f"{doing}d" + (f": {comment}" if comment else ""), {"comment": comment})


# -- traffic ------------------------------------------------------------------------------


@transaction.atomic
def start(rollout: Rollout, actor: Any) -> Rollout:
    locked = _locked(rollout)
    scene = locked.scene
    if locked.state == State.APPROVED:
        _check_window(scene, "Starting a rollout")
        live = Rollout.objects.filter(scene=scene, state__in=LIVE).exclude(pk=locked.pk)
        if live.exists():
            _refuse("rollout_live", f"'{scene.slug}' already has a live rollout "
                    f"({live.first()}): finish or roll it back first")
        experiments.check_production_change(scene, locked.version)
        locked.base_version_id = scene.production_version_id  # control is what serves now
    now = timezone.now()
    locked.step_index, locked.step_started_at, locked.started_at = 0, now, now
    return _step(locked, "start", actor, locked.start,
                 f"started at {locked.steps[0]['percent']}%")


def observation_left(rollout: Rollout) -> float:
    """Seconds until the current step has been watched for its minimum time."""
    if rollout.step_started_at is None or not 0 <= rollout.step_index < len(rollout.steps):
        return 0.0
    needed = float(rollout.steps[rollout.step_index].get("min_observation_s", 0))
    return max(0.0, needed - (timezone.now() - rollout.step_started_at).total_seconds())


@transaction.atomic
def advance(rollout: Rollout, actor: Any) -> Rollout:
    """To the next step once this one was observed long enough; past the last step the
    candidate becomes the scene's production version."""
    locked = _locked(rollout)
    if locked.state != State.ROLLING_OUT:
        _refuse("bad_state", f"a rollout that is {locked.state.replace('_', ' ')} cannot "
                "advance" + (" (resume it first)" if locked.state == State.PAUSED else ""))
    _check_window(locked.scene, "Advancing a rollout")
    left = observation_left(locked)
    if left > 0:
        _refuse("observing", f"step {locked.step_index + 1} ({locked.percent:g}%) must be "
                f"observed for {left:.0f} s more before advancing")
    if locked.step_index + 1 >= len(locked.steps):
        return _complete(locked, actor)
    was = locked.percent
    locked.step_index += 1
    locked.step_started_at = timezone.now()
    return _step(locked, "advance", actor, locked.advance,
                 f"advanced from {was:g}% to {locked.percent:g}%")


def _complete(rollout: Rollout, actor: Any) -> Rollout:
    scene = rollout.scene
    experiments.check_production_change(scene, rollout.version)
    old = scene.production_version_id
    scene.production_version = rollout.version
    scene.save(update_fields=["production_version", "updated_at"])
    rollout.finished_at = timezone.now()
    audit.record(actor, "scene.production_version", scene,
                 f"v{rollout.version.number} by rollout {rollout.pk}",
                 {"production_version": {"old": old, "new": rollout.version_id}})
    return _step(rollout, "complete", actor, rollout.complete,
                 f"completed: v{rollout.version.number} serves '{scene.slug}'")


@transaction.atomic
def pause(rollout: Rollout, actor: Any) -> Rollout:
    locked = _locked(rollout)
    return _step(locked, "pause", actor, locked.pause,
                 f"paused at {locked.percent:g}%")


@transaction.atomic
def resume(rollout: Rollout, actor: Any) -> Rollout:
    locked = _locked(rollout)
    return _step(locked, "resume", actor, locked.resume,
                 f"resumed at {locked.percent:g}%")


@transaction.atomic
def roll_back(rollout: Rollout, actor: Any, reason: str,
              numbers: dict[str, Any] | None = None) -> Rollout:
    """Always allowed, whatever the hour. A live rollout's canary is gone at the next
    request; a completed one puts the scene back on the version it replaced."""
    locked = _locked(rollout)
    details: dict[str, Any] = {"reason": reason}
    if numbers:
        details["guardrails"] = numbers
    if locked.state == State.COMPLETED:
        scene = locked.scene
        if scene.production_version_id != locked.version_id or locked.base_version is None:
            _refuse("not_current", "only the rollout that put the current production version "
                    "in place can be rolled back after completion")
        details["stopped_experiments"] = _restore(scene, locked.base_version, actor)
    locked.finished_at, locked.end_reason = timezone.now(), reason
    return _step(locked, "roll_back", actor, locked.roll_back,
                 f"rolled back at {locked.percent:g}%: {reason}", details)


def _restore(scene: Scene, version: Any, actor: Any) -> list[str]:
    """Put the scene back on `version` at once. Running experiments whose overrides no
    longer fit it are stopped (and named), so every request can still be served."""
    stopped = []
    for experiment in Experiment.objects.filter(layer__scene=scene,
                                                status=Experiment.Status.RUNNING):
        buckets = Bucket.objects.filter(experiment=experiment)
        if any(rules.merged_graph(version.kv, b.overrides) for b in buckets):
            experiment.status, experiment.stopped_at = Experiment.Status.STOPPED, timezone.now()
            experiment.save()
            audit.record(actor, "experiment.stop", experiment,
                         "stopped: its overrides do not fit the restored version")
            stopped.append(experiment.name)
    old = scene.production_version_id
    scene.production_version = version
    scene.save(update_fields=["production_version", "updated_at"])
    audit.record(actor, "scene.production_version", scene, f"back to v{version.number}",
                 {"production_version": {"old": old, "new": version.pk}})
    return stopped


@transaction.atomic
def kill(scene: Scene, actor: Any, reason: str) -> Rollout:
    """The kill switch: the scene's live rollout is rolled back, or, with none live, the
    rollout that put the current production version in place."""
    experiments.lock_scene(scene.pk)
    scene.refresh_from_db()
    target = (Rollout.objects.filter(scene=scene, state__in=LIVE).first()
              or Rollout.objects.filter(scene=scene, state=State.COMPLETED,
                                        version_id=scene.production_version_id)
              .order_by("-finished_at").first())
    if target is None:
        _refuse("nothing_to_undo", f"'{scene.slug}' has no live rollout and its production "
                "version did not come from one: there is no last good version to go back to")
    return roll_back(target, actor, f"kill switch: {reason}" if reason else "kill switch")
