"""The checks a traffic write must pass (DESIGN §6), as lists of structured problems
`{code, node, field, message}`; an empty list means the write may go ahead."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Q

from graphengine import Graph as EngineGraph
from graphengine import GraphError, kv
from webapp.core.errors import problem
from webapp.experiments import patterns
from webapp.experiments.models import Bucket, Experiment, Layer
from webapp.experiments.traffic import SLOTS

KEY_RE = re.compile(r"^[A-Za-z0-9_.]{1,200}$")
# Graph-engine field names and their KV spelling (DESIGN §5).
_FIELD_TO_KEY = (("params.", "param."), ("inputs.", "in."), ("position", "pos"))


def unique_name(instance: Layer | Experiment | Bucket, scope: str, field: str) -> list[
        dict[str, Any]]:
    """Checked here, not left to the database: the serializers' unique-together check
    skips fields that become read-only after creation, and an IntegrityError is a 500."""
    value = getattr(instance, field)
    taken = type(instance).objects.filter(**{scope: getattr(instance, scope), field: value})
    if taken.exclude(pk=instance.pk).exists():
        return [problem("unique", f"{value!r} is already taken here", field=field)]
    return []


def layer_keys(layer: Layer, keys: Any) -> list[dict[str, Any]]:
    """Patterns well formed and owned by no other layer of the scene."""
    if not isinstance(keys, list) or not keys:
        return [problem("invalid", "a layer owns at least one key pattern", field="keys")]
    bad = [problem("bad_pattern", f"{p!r} is not a key pattern ({patterns.PATTERN_RULE})",
                   field="keys") for p in keys if not isinstance(p, str)
           or not patterns.is_valid(p)]
    if bad:
        return bad
    out = []
    others = Layer.objects.filter(scene_id=layer.scene_id).exclude(pk=layer.pk)
    for other in others.only("slug", "keys"):
        for mine in keys:
            for theirs in other.keys:
                witness = patterns.common_key(mine, theirs)
                if witness is not None:
                    example = f"e.g. '{witness}'" if witness else "any key"
                    out.append(problem(
                        "key_owned", f"pattern '{mine}' overlaps '{theirs}', owned by layer "
                        f"'{other.slug}' ({example} would match both): a key may be owned "
                        "by one layer only", field="keys"))
    return out


def keys_still_owned(layer: Layer, keys: list[str]) -> list[dict[str, Any]]:
    """Narrowing a layer's patterns must not orphan a bucket's override."""
    buckets = Bucket.objects.filter(experiment__layer=layer).select_related("experiment")
    return [problem("key_in_use", f"bucket '{b.experiment.name}/{b.name}' overrides '{key}', "
                    "which the new patterns no longer own", field="keys")
            for b in buckets for key in b.overrides if not patterns.owned(keys, key)]


def bucket_range(start: Any, end: Any) -> list[dict[str, Any]]:
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= SLOTS):
        return [problem("bad_range", f"a bucket's slots are [start, end) with "
                        f"0 <= start < end <= {SLOTS}, got [{start}, {end})", field="start")]
    return []


def overrides_owned(layer: Layer, overrides: Any) -> list[dict[str, Any]]:
    if not isinstance(overrides, dict):
        return [problem("invalid", "overrides are a JSON object {key: value}",
                        field="overrides")]
    out = []
    for key, value in overrides.items():
        if not KEY_RE.match(key):
            out.append(problem("bad_key", f"{key!r} is not a KV key", field=f"overrides.{key}"))
        elif not patterns.owned(layer.keys, key):
            out.append(problem("key_not_owned", f"'{key}' is not among the keys layer "
                               f"'{layer.slug}' owns ({', '.join(layer.keys)})",
                               field=f"overrides.{key}"))
        elif value is not None and not isinstance(value, str):
            out.append(problem("bad_value", f"'{key}': KV values are strings (or null to "
                               "unset the key)", field=f"overrides.{key}"))
    return out


def merged_graph(base_kv: Mapping[str, str] | None,
                 overrides: Mapping[str, str | None]) -> list[dict[str, Any]]:
    """The production KV with these overrides must be a valid graph; each problem names the
    override key it comes from when it can be told."""
    if not overrides:
        return []
    if base_kv is None:
        return [problem("no_production_version", "the scene has no production version to "
                        "check these overrides against", field="overrides")]
    try:
        EngineGraph.from_kv(kv.apply_overlay(base_kv, overrides))
    except GraphError as exc:
        return [_blame(p, overrides) for p in exc.to_list()]
    return []


def _blame(found: dict[str, Any], overrides: Mapping[str, str | None]) -> dict[str, Any]:
    node = found.get("node")
    key = _as_key(node, str(found.get("field") or ""))
    # Not one override's fault alone (e.g. a cycle): name every override of that node.
    suspects = [key] if key is not None and key in overrides else [
        k for k in overrides if node and k.startswith(f"node.{node}.")] or list(overrides)
    blamed = suspects[0] if len(suspects) == 1 else None
    return problem(found.get("code") or "invalid",
                   f"with override {', '.join(suspects)}: {found.get('message')}", node,
                   f"overrides.{blamed}" if blamed else "overrides")


def _as_key(node: str | None, field: str) -> str | None:
    """A graph-engine problem's field, spelled as the KV key it comes from."""
    if field.startswith(("graph.", "group.", "node.")):
        return field  # the codec names keys already
    if not node or not field:
        return None
    for engine_name, kv_name in _FIELD_TO_KEY:
        if field.startswith(engine_name):
            return f"node.{node}.{kv_name}{field[len(engine_name):]}"
    return f"node.{node}.{field}"


def slots_free(experiment: Experiment, ranges: Iterable[tuple[int | None, str, int, int]],
               running: bool) -> list[dict[str, Any]]:
    """Buckets of one experiment never overlap; those of a layer's running experiments
    neither. `ranges` are (bucket id or None, name, start, end) of the buckets to check."""
    scope = Q(experiment=experiment)
    if running:
        scope |= Q(experiment__layer_id=experiment.layer_id,
                   experiment__status=Experiment.Status.RUNNING)
    existing = list(Bucket.objects.filter(scope).select_related("experiment"))
    out = []
    for bucket_id, name, start, end in ranges:
        for b in existing:
            if b.pk != bucket_id and start < b.end and b.start < end:
                out.append(problem(
                    "slots_taken", f"bucket '{name}' [{start}, {end}) overlaps bucket "
                    f"'{b.experiment.name}/{b.name}' [{b.start}, {b.end})", field="start"))
    return out
