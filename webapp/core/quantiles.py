"""Latency quantiles, one definition for the guardrails, the replay report and the
monitoring pages."""

from __future__ import annotations

import math
from collections.abc import Sequence


def quantile(ordered: Sequence[float], q: float) -> float | None:
    """Nearest rank: the smallest value with at least q of the values at or below it (a
    value that was really observed, unlike interpolation). `ordered` is sorted."""
    if not ordered:
        return None
    rank = max(1, math.ceil(q * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def quantile_ms(ordered_us: Sequence[float], q: float) -> float | None:
    """The same over sorted microseconds, in milliseconds (to the microsecond)."""
    value = quantile(ordered_us, q)
    return None if value is None else round(value / 1000, 3)
