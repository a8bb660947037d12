"""Traffic resolution, pure (no ORM): which bucket of each layer a unit falls in, and the
merged KV config it is served (DESIGN §6). `logic.py` builds these values from the
database and caches them per scene revision."""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import mmh3

from graphengine import kv

SLOTS = 10_000
_MERGED_CACHE_SIZE = 512


def slot(salt: str, unit_id: str) -> int:
    """The unit's slot in a layer: murmur3_32 of "salt:unit", seed 0, unsigned, mod 10,000."""
    return int(mmh3.hash(f"{salt}:{unit_id}", seed=0, signed=False)) % SLOTS


@dataclass(frozen=True)
class BucketRange:
    """A bucket of a running experiment as resolution sees it: slots [start, end)."""

    id: int
    experiment: str
    name: str
    start: int
    end: int
    overrides: Mapping[str, str | None]


@dataclass(frozen=True)
class LayerTraffic:
    slug: str
    salt: str
    buckets: tuple[BucketRange, ...]  # disjoint, sorted by start
    starts: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "buckets", tuple(sorted(self.buckets, key=lambda b: b.start)))
        object.__setattr__(self, "starts", tuple(b.start for b in self.buckets))

    def bucket_at(self, n: int) -> BucketRange | None:
        i = bisect_right(self.starts, n) - 1
        if i >= 0 and n < self.buckets[i].end:
            return self.buckets[i]
        return None


@dataclass(frozen=True)
class Resolution:
    """What one request is served. `kv` may be shared with a cache: never mutate it."""

    assignment: dict[str, dict[str, Any]]  # layer slug -> {experiment, bucket, slot}
    kv: Mapping[str, str]
    config_hash: str
    overrides: Mapping[str, str | None]  # the merged overrides (what a run records)
    provenance: Mapping[str, str]  # overridden key -> layer slug
    version_id: Any = None  # the graph version served as the base
    rollout: dict[str, Any] | None = None  # {rollout, arm, slot} during a rollout
    version_number: int | None = None


@dataclass(frozen=True)
class Canary:
    """A live rollout as resolution sees it: units whose slot (under the rollout's own
    salt) is below `slots` get the candidate version as their base. Growing `slots` keeps
    everyone already in, as a ramp does."""

    rollout_id: int
    salt: str
    slots: int
    version_id: int
    number: int
    config_hash: str
    kv: Mapping[str, str]


@dataclass(frozen=True)
class _Merged:
    kv: Mapping[str, str]
    config_hash: str
    overrides: Mapping[str, str | None]
    provenance: Mapping[str, str]


def merge(base_kv: Mapping[str, str], chosen: Iterable[tuple[str, BucketRange]]) -> _Merged:
    """Base KV with each chosen bucket's overrides on top. Layers own disjoint keys, so the
    order of layers cannot change the result."""
    overrides: dict[str, str | None] = {}
    provenance: dict[str, str] = {}
    for slug, bucket in chosen:
        for key, value in bucket.overrides.items():
            overrides[key] = value
            provenance[key] = slug
    merged = kv.apply_overlay(base_kv, overrides) if overrides else dict(base_kv)
    return _Merged(merged, kv.config_hash(merged), overrides, provenance)


class TrafficConfig:
    """A scene's layers at one traffic revision, with merged configs memoised per
    (base version, bucket per layer): a request then costs a few hashes and a lookup."""

    def __init__(self, layers: Iterable[LayerTraffic], canary: Canary | None = None) -> None:
        self.layers = tuple(sorted(layers, key=lambda layer: layer.slug))
        self.canary = canary
        self._merged: dict[tuple[Hashable, tuple[int, ...]], _Merged] = {}
        self._lock = threading.Lock()

    def resolve(self, base_key: Hashable, base_kv: Mapping[str, str], unit_id: str,
                version_id: Any = None, version_number: int | None = None) -> Resolution:
        """`base_key` names `base_kv` (e.g. the version's hash) for the memo. During a
        rollout, a unit in the canary gets the candidate as its base instead."""
        rollout = None
        canary = self.canary
        if canary is not None:
            n = slot(canary.salt, unit_id)
            arm = "canary" if n < canary.slots else "control"
            rollout = {"rollout": canary.rollout_id, "arm": arm, "slot": n}
            if arm == "canary":
                base_key, base_kv, version_id = canary.config_hash, canary.kv, canary.version_id
                version_number = canary.number
        assignment: dict[str, dict[str, Any]] = {}
        chosen: list[tuple[str, BucketRange]] = []
        for layer in self.layers:
            n = slot(layer.salt, unit_id)
            bucket = layer.bucket_at(n)
            if bucket is not None:
                chosen.append((layer.slug, bucket))
                assignment[layer.slug] = {"experiment": bucket.experiment,
                                          "bucket": bucket.name, "slot": n}
        memo_key = (base_key, tuple(b.id for _, b in chosen))
        merged = self._merged.get(memo_key)
        if merged is None:
            merged = merge(base_kv, chosen)
            with self._lock:
                if len(self._merged) >= _MERGED_CACHE_SIZE:
                    self._merged.clear()
                self._merged[memo_key] = merged
        return Resolution(assignment, merged.kv, merged.config_hash, merged.overrides,
                          merged.provenance, version_id, rollout, version_number)


# -- ramps ------------------------------------------------------------------------------


def slot_owners(ranges: Iterable[tuple[int, int, int]]) -> list[int | None]:
    """For each of the 10,000 slots, the id of the bucket whose [start, end) holds it."""
    owners: list[int | None] = [None] * SLOTS
    for bucket_id, start, end in ranges:
        for n in range(max(start, 0), min(end, SLOTS)):
            owners[n] = bucket_id
    return owners


def moved_slots(before: Iterable[tuple[int, int, int]],
                after: Iterable[tuple[int, int, int]]) -> dict[str, Any]:
    """How many slots change bucket between two layouts of a layer. A slot is a fixed
    1/10,000 of the units (assignment is deterministic), so this is the share of units
    that would see another configuration. `sticky` says nobody already in a bucket leaves
    or switches, which holds exactly when ranges only grow."""
    old, new = slot_owners(before), slot_owners(after)
    moved = leaving = joining = 0
    for o, n in zip(old, new, strict=True):
        if o != n:
            moved += 1
            leaving += o is not None
            joining += o is None
    return {"moved_slots": moved, "moved_share": round(moved / SLOTS, 6),
            "leaving_slots": leaving, "joining_slots": joining, "sticky": leaving == 0}
