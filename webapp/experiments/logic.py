"""Use cases of the experiments app: saving layers, experiments and buckets under the
rules of DESIGN §6, starting and stopping experiments, previewing ramps, and resolving a
request's traffic (with a per-process cache keyed by the scene's traffic revision)."""

from __future__ import annotations

import secrets
import threading
import uuid
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from graphengine import Graph as EngineGraph
from graphengine import GraphError
from webapp.audit import logic as audit
from webapp.core.errors import Refusal, problem
from webapp.experiments import rules
from webapp.experiments.models import Bucket, Experiment, Layer, TrafficRevision
from webapp.experiments.traffic import (
    SLOTS,
    BucketRange,
    LayerTraffic,
    Resolution,
    TrafficConfig,
    moved_slots,
    slot,
)
from webapp.rollouts import canary
from webapp.scenes.models import Scene

RUNNING = Experiment.Status.RUNNING


class TrafficError(Refusal):
    """A refused traffic write or resolution (rendered by the API's exception handler)."""


def _refuse_if(problems: list[dict[str, Any]], status: int = 400) -> None:
    if problems:
        raise TrafficError(problems, status)


def lock_scene(scene_id: int) -> None:
    """Serialise a scene's traffic writes, rollouts' included (their checks read what the
    others write)."""
    TrafficRevision.objects.get_or_create(scene_id=scene_id)
    TrafficRevision.objects.select_for_update().filter(scene_id=scene_id).first()


def traffic_changed(scene_id: int) -> None:
    """Every process reloads the scene's traffic config on its next request."""
    TrafficRevision.objects.filter(scene_id=scene_id).update(revision=F("revision") + 1,
                                                            token=uuid.uuid4())


def _production_kv(scene_id: int) -> dict[str, str] | None:
    scene = Scene.objects.select_related("production_version").get(pk=scene_id)
    return scene.production_version.kv if scene.production_version else None


def _serving_problems(scene_id: int, overrides: Mapping[str, str | None]
                      ) -> list[dict[str, Any]]:
    """Overrides must fit every version the scene serves: production and, while a rollout
    is live, its candidate."""
    problems = rules.merged_graph(_production_kv(scene_id), overrides)
    live = canary.load(scene_id)
    if live is not None and not problems:
        problems = [{**p, "message": f"with candidate v{live.number} of the live rollout: "
                     f"{p['message']}"} for p in rules.merged_graph(live.kv, overrides)]
    return problems


def check_production_change(scene: Scene, version: Any) -> None:
    """A new production version must keep every running bucket valid: each one's overrides
    are checked against the new KV, or the change is refused naming the buckets (409)."""
    running = Bucket.objects.filter(experiment__layer__scene=scene,
                                    experiment__status=RUNNING).select_related("experiment")
    problems = []
    for bucket in running.order_by("experiment__name", "name"):
        for found in rules.merged_graph(version.kv if version else None, bucket.overrides):
            problems.append({**found, "message": f"bucket '{bucket.name}' of running "
                             f"experiment '{bucket.experiment.name}': {found['message']}"})
    _refuse_if(problems, 409)


# -- layers -----------------------------------------------------------------------------


@transaction.atomic
def save_layer(layer: Layer, actor: Any = None) -> Layer:
    lock_scene(layer.scene_id)
    before = Layer.objects.filter(pk=layer.pk).first() if layer.pk else None
    # A blank salt keeps the current one, or gets a random one: layers must not share one,
    # or their assignments would be correlated.
    layer.salt = layer.salt or (before.salt if before else secrets.token_hex(8))
    problems = rules.unique_name(layer, "scene_id", "slug") + rules.layer_keys(layer,
                                                                               layer.keys)
    if before is not None and not problems:
        problems = rules.keys_still_owned(layer, layer.keys)
        if before.salt != layer.salt and before.experiments.filter(status=RUNNING).exists():
            problems.append(problem("experiment_running", "the salt cannot change while an "
                                    "experiment of the layer runs: it would reshuffle every "
                                    "unit", field="salt"))
    _refuse_if(problems)
    layer.save()
    audit.record_save(actor, "layer.save", before, layer)
    traffic_changed(layer.scene_id)
    return layer


@transaction.atomic
def delete_layer(layer: Layer, actor: Any = None) -> None:
    lock_scene(layer.scene_id)
    _refuse_if([problem("experiment_running", f"layer '{layer.slug}' has running "
                        "experiments: stop them first")]
               if layer.experiments.filter(status=RUNNING).exists() else [], 409)
    audit.record(actor, "layer.delete", layer, "deleted")
    layer.delete()
    traffic_changed(layer.scene_id)


# -- experiments ------------------------------------------------------------------------


@transaction.atomic
def save_experiment(experiment: Experiment, actor: Any = None) -> Experiment:
    lock_scene(experiment.layer.scene_id)
    _refuse_if(rules.unique_name(experiment, "layer_id", "name"))
    before = audit.stored(experiment)
    experiment.save()
    audit.record_save(actor, "experiment.save", before, experiment)
    traffic_changed(experiment.layer.scene_id)
    return experiment


@transaction.atomic
def delete_experiment(experiment: Experiment, actor: Any = None) -> None:
    lock_scene(experiment.layer.scene_id)
    _refuse_if([problem("experiment_running", f"experiment '{experiment.name}' is running: "
                        "stop it first")] if experiment.status == RUNNING else [], 409)
    audit.record(actor, "experiment.delete", experiment, "deleted")
    experiment.delete()
    traffic_changed(experiment.layer.scene_id)


@transaction.atomic
def start_experiment(experiment: Experiment, actor: Any = None) -> Experiment:
    """Draft or stopped → running, once its buckets fit the layer and the current
    production version (it may have changed since the buckets were saved)."""
    scene_id = experiment.layer.scene_id
    lock_scene(scene_id)
    experiment.refresh_from_db()
    if experiment.status == RUNNING:
        raise TrafficError([problem("bad_status", "the experiment is already running")], 409)
    buckets = list(experiment.buckets.all())
    if not buckets:
        raise TrafficError([problem("no_buckets", "add a bucket before starting")], 409)
    problems = rules.slots_free(experiment, [(b.pk, b.name, b.start, b.end) for b in buckets],
                                running=True)
    for b in buckets:
        problems += rules.overrides_owned(experiment.layer, b.overrides)
        problems += _serving_problems(scene_id, b.overrides)
    _refuse_if(problems)
    was = experiment.status
    experiment.status, experiment.started_at = RUNNING, timezone.now()
    experiment.save()
    audit.record(actor, "experiment.start", experiment, "started",
                 {"status": {"old": was, "new": RUNNING}})
    traffic_changed(scene_id)
    return experiment


@transaction.atomic
def stop_experiment(experiment: Experiment, actor: Any = None) -> Experiment:
    lock_scene(experiment.layer.scene_id)
    experiment.refresh_from_db()
    if experiment.status != RUNNING:
        raise TrafficError([problem("bad_status", "only a running experiment stops")], 409)
    experiment.status, experiment.stopped_at = Experiment.Status.STOPPED, timezone.now()
    experiment.save()
    audit.record(actor, "experiment.stop", experiment, "stopped",
                 {"status": {"old": RUNNING, "new": experiment.status}})
    traffic_changed(experiment.layer.scene_id)
    return experiment


# -- buckets ----------------------------------------------------------------------------


@transaction.atomic
def save_bucket(bucket: Bucket, actor: Any = None) -> Bucket:
    experiment = bucket.experiment
    layer = experiment.layer
    lock_scene(layer.scene_id)
    bad_range = rules.bucket_range(bucket.start, bucket.end)
    problems = rules.unique_name(bucket, "experiment_id", "name") + bad_range
    if not bad_range:
        problems += rules.slots_free(experiment, [(bucket.pk, bucket.name, bucket.start,
                                                  bucket.end)],
                                    running=experiment.status == RUNNING)
    owned = rules.overrides_owned(layer, bucket.overrides)
    problems += owned or _serving_problems(layer.scene_id, bucket.overrides)
    _refuse_if(problems)
    before = audit.stored(bucket)
    bucket.save()
    audit.record_save(actor, "bucket.save", before, bucket)
    traffic_changed(layer.scene_id)
    return bucket


@transaction.atomic
def delete_bucket(bucket: Bucket, actor: Any = None) -> None:
    scene_id = bucket.experiment.layer.scene_id
    lock_scene(scene_id)
    audit.record(actor, "bucket.delete", bucket, "deleted")
    bucket.delete()
    traffic_changed(scene_id)


# -- ramps ------------------------------------------------------------------------------


def preview_ranges(layer: Layer, proposed: Mapping[int, tuple[int, int]]) -> dict[str, Any]:
    """Dry run of a change of bucket ranges in a layer: the share of units (slots) whose
    bucket would change in live traffic. Only running experiments' buckets carry traffic,
    so a change to a draft's bucket moves nobody yet."""
    buckets = {b.pk: b for b in Bucket.objects.filter(experiment__layer=layer)
               .select_related("experiment")}
    problems = [problem("not_found", f"bucket {bid} is not in layer '{layer.slug}'",
                        field="ranges") for bid in proposed if bid not in buckets]
    for start, end in proposed.values():
        problems += rules.bucket_range(start, end)
    _refuse_if(problems)
    live = [b for b in buckets.values() if b.experiment.status == RUNNING]
    before = [(b.pk, b.start, b.end) for b in live]
    after = [(b.pk, *proposed.get(b.pk, (b.start, b.end))) for b in live]
    return {**moved_slots(before, after), "slots": SLOTS,
            "live": any(bid in proposed for bid in (b.pk for b in live))}


def preview_bucket_range(bucket: Bucket, start: int, end: int) -> dict[str, Any]:
    return preview_ranges(bucket.experiment.layer, {bucket.pk: (start, end)})


# -- resolution -------------------------------------------------------------------------

_configs: dict[int, tuple[uuid.UUID | None, TrafficConfig]] = {}
_configs_lock = threading.Lock()


def revision_of(scene: Scene) -> int:
    """Free when the scene was fetched with select_related("traffic_revision")."""
    try:
        return int(scene.traffic_revision.revision)
    except TrafficRevision.DoesNotExist:
        return 0


def _token_of(scene: Scene) -> uuid.UUID | None:
    try:
        token: uuid.UUID = scene.traffic_revision.token
    except TrafficRevision.DoesNotExist:
        return None  # never written to: no layers
    return token


_NO_LAYERS = TrafficConfig(())


def _load(scene_id: int) -> TrafficConfig:
    buckets: dict[int, list[BucketRange]] = {}
    for b in Bucket.objects.filter(experiment__layer__scene_id=scene_id,
                                   experiment__status=RUNNING).select_related("experiment"):
        buckets.setdefault(b.experiment.layer_id, []).append(
            BucketRange(b.pk, b.experiment.name, b.name, b.start, b.end, dict(b.overrides)))
    return TrafficConfig((LayerTraffic(layer.slug, layer.salt, tuple(buckets.get(layer.pk, ())))
                          for layer in Layer.objects.filter(scene_id=scene_id)),
                         canary.load(scene_id))


def traffic_config(scene: Scene) -> TrafficConfig:
    """The scene's layers and running buckets, cached per process until the revision's
    token changes (read first: data loaded after it is at least that new)."""
    token = _token_of(scene)
    if token is None:  # no layer was ever written for this scene: nothing to load
        return _NO_LAYERS
    hit = _configs.get(scene.pk)
    if hit is not None and hit[0] == token:
        return hit[1]
    config = _load(scene.pk)
    with _configs_lock:
        _configs[scene.pk] = (token, config)
    return config


def resolve(scene: Scene, unit_id: str) -> Resolution:
    """Base KV → (rollout) → each layer's bucket overrides → merged KV and its hash."""
    version = scene.production_version
    config = traffic_config(scene)
    if version is None:  # a first version on its way: only its canary is served
        canary = config.canary
        if canary is None or slot(canary.salt, unit_id) >= canary.slots:
            raise TrafficError([problem("no_production_version",
                                        f"scene '{scene.slug}' has no production version")],
                               409)
        return config.resolve(canary.config_hash, canary.kv, unit_id, canary.version_id,
                              canary.number)
    # The hash keys the memo, not the id: ids come back after a database is rebuilt,
    # contents never lie. A live rollout's canary swaps in its candidate (traffic.py).
    return config.resolve(version.config_hash, version.kv, unit_id, version.pk, version.number)


def check_assignment(scene: Scene, unit_id: str) -> dict[str, Any]:
    """The assignment checker: buckets, every layer's slot, the merged KV with the layer
    that set each overridden key, and the merged graph's document (read-only in the
    editor)."""
    resolution = resolve(scene, unit_id)
    config = traffic_config(scene)
    try:
        document: dict[str, Any] | None = EngineGraph.from_kv(resolution.kv).to_dict()
        errors: list[dict[str, Any]] = []
    except GraphError as exc:
        document, errors = None, exc.to_list()
    return {"unit_id": unit_id, "scene": scene.slug,
            "version": scene.production_version.number if scene.production_version else None,
            "assignment": resolution.assignment, "rollout": resolution.rollout,
            "slots": {layer.slug: slot(layer.salt, unit_id) for layer in config.layers},
            "graph_hash": resolution.config_hash,
            "overrides": dict(resolution.overrides),
            "provenance": dict(resolution.provenance),
            "kv": dict(resolution.kv), "document": document, "errors": errors}
