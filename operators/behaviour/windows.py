"""Time windows over bucketed counts, by event time.

Counts are kept per bucket of event time (`ts`), never by arrival, so an event that
arrives late lands in its own bucket and every window sees it. Windows are sliding and
aligned to bucket boundaries, relative to "now" (the request's time):

- `1h`: the current minute bucket and the 59 before it (minute buckets);
- `1d`: the current hour bucket and the 23 before it (hour buckets);
- `7d`: the current hour bucket and the 167 before it (hour buckets).

A stored bucket field is `"<bucket>"` (all events of one type) or `"<bucket>|<category>"`
(events of that type in that category); bucket numbers are `ts // bucket_ms`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

MINUTE_MS = 60_000
HOUR_MS = 3_600_000
DAY_MS = 86_400_000
RETENTION_MS = 7 * DAY_MS  # events older than this (relative to now) are ignored

Window = Literal["1h", "1d", "7d"]
WINDOWS: tuple[Window, ...] = ("1h", "1d", "7d")
Granularity = Literal["m", "h"]

# window -> (granularity, number of buckets)
_SPANS: dict[str, tuple[Granularity, int]] = {"1h": ("m", 60), "1d": ("h", 24),
                                               "7d": ("h", 168)}


@dataclass(frozen=True)
class Span:
    """The buckets one window covers: `first`..`last` inclusive, at one granularity."""

    granularity: Granularity
    first: int
    last: int

    def __contains__(self, bucket: object) -> bool:
        return isinstance(bucket, int) and self.first <= bucket <= self.last


def span(window: str, now_ms: int) -> Span:
    """The buckets of `window` ending at the bucket holding `now_ms`."""
    try:
        granularity, n = _SPANS[window]
    except KeyError:
        raise ValueError(f"unknown window '{window}' (one of {', '.join(WINDOWS)})") from None
    size = MINUTE_MS if granularity == "m" else HOUR_MS
    last = now_ms // size
    return Span(granularity, last - n + 1, last)


@dataclass(frozen=True)
class Bucket:
    """One parsed hash field: a bucket's count, for one category or (None) all of them."""

    bucket: int
    category: str | None
    count: int


def parse(raw: Mapping[str, str]) -> list[Bucket]:
    """The fields of a bucket hash; bookkeeping fields (not starting with a number) are
    skipped."""
    out = []
    for field, value in raw.items():
        head, sep, category = field.partition("|")
        try:
            out.append(Bucket(int(head), category if sep else None, int(value)))
        except ValueError:
            continue
    return out


def total(buckets: Iterable[Bucket], within: Span, category: str | None = None) -> int:
    """Events in the window, all of them or (with `category`) of one category."""
    return sum(b.count for b in buckets if b.category == category and b.bucket in within)


def by_category(buckets: Iterable[Bucket], within: Span) -> dict[str, int]:
    out: dict[str, int] = {}
    for b in buckets:
        if b.category is not None and b.bucket in within:
            out[b.category] = out.get(b.category, 0) + b.count
    return out


def decayed_by_category(buckets: Iterable[Bucket], within: Span,
                        half_life_buckets: float | None) -> dict[str, float]:
    """Per-category counts where a bucket `age` buckets before the window's last one
    weighs 0.5 ** (age / half_life_buckets); no half-life means every bucket weighs 1.
    Computed at read time from the buckets, so it is exact whatever the arrival order."""
    out: dict[str, float] = {}
    for b in buckets:
        if b.category is None or b.bucket not in within:
            continue
        weight = 1.0
        if half_life_buckets:
            weight = 0.5 ** ((within.last - b.bucket) / half_life_buckets)
        out[b.category] = out.get(b.category, 0.0) + b.count * weight
    return out
