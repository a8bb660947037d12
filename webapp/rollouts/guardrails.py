"""Guardrails of a rollout: the canary's error rate, timeout rate and p99 latency against
the control's, from the run records of the scene since the rollout started. `judge` is
pure; `observe` reads the runs; `watch` is what Celery beat calls."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone

from webapp.core.errors import Refusal
from webapp.core.quantiles import quantile_ms
from webapp.rollouts import logic
from webapp.rollouts.models import Rollout, State
from webapp.runs.models import Run
from webapp.scenes import windows

log = logging.getLogger(__name__)

ERRORS = ("failed", "error")
TIMEOUTS = ("timeout",)
FINISHED = ("ok", "degraded", *ERRORS, *TIMEOUTS)
_WINDOW_ROWS = 20_000  # newest runs per arm a check reads


@dataclass(frozen=True)
class ArmStats:
    requests: int = 0
    errors: int = 0
    timeouts: int = 0
    p50_ms: float | None = None
    p99_ms: float | None = None

    @property
    def error_rate(self) -> float:
        return self.errors / self.requests if self.requests else 0.0

    @property
    def timeout_rate(self) -> float:
        return self.timeouts / self.requests if self.requests else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "error_rate": round(self.error_rate, 6),
                "timeout_rate": round(self.timeout_rate, 6)}


def arm_stats(rows: Iterable[tuple[str, int | None]]) -> ArmStats:
    """From (status, duration_us) of finished runs."""
    requests = errors = timeouts = 0
    durations = []
    for status, duration in rows:
        requests += 1
        errors += status in ERRORS
        timeouts += status in TIMEOUTS
        if duration is not None:
            durations.append(duration)
    durations.sort()
    return ArmStats(requests, errors, timeouts, quantile_ms(durations, 0.5),
                    quantile_ms(durations, 0.99))


@dataclass(frozen=True)
class Verdict:
    """`healthy` is None while the canary has too few requests to judge."""

    healthy: bool | None
    breaches: list[str] = field(default_factory=list)
    numbers: dict[str, Any] = field(default_factory=dict)


def judge(canary: ArmStats, control: ArmStats, rollout: Rollout) -> Verdict:
    numbers = {"canary": canary.to_dict(), "control": control.to_dict(),
               "thresholds": {"max_error_rate_delta": rollout.max_error_rate_delta,
                              "max_timeout_rate_delta": rollout.max_timeout_rate_delta,
                              "max_p99_ratio": rollout.max_p99_ratio,
                              "min_requests": rollout.min_requests}}
    if canary.requests < rollout.min_requests:
        return Verdict(None, [], numbers)
    breaches = []
    error_delta = canary.error_rate - control.error_rate
    if error_delta > rollout.max_error_rate_delta:
        breaches.append(f"error rate {canary.error_rate:.1%} in the canary vs "
                        f"{control.error_rate:.1%} in the control (allowed: "
                        f"+{rollout.max_error_rate_delta:.1%})")
    timeout_delta = canary.timeout_rate - control.timeout_rate
    if timeout_delta > rollout.max_timeout_rate_delta:
        breaches.append(f"timeout rate {canary.timeout_rate:.1%} in the canary vs "
                        f"{control.timeout_rate:.1%} in the control (allowed: "
                        f"+{rollout.max_timeout_rate_delta:.1%})")
    # Latency needs a control to compare with: a first version has none.
    if (control.requests >= rollout.min_requests and canary.p99_ms is not None
            and control.p99_ms and canary.p99_ms > control.p99_ms * rollout.max_p99_ratio):
        breaches.append(f"p99 latency {canary.p99_ms:.1f} ms in the canary vs "
                        f"{control.p99_ms:.1f} ms in the control (allowed: "
                        f"×{rollout.max_p99_ratio:g})")
    return Verdict(not breaches, breaches, numbers)


def _rows(rollout: Rollout, arm: str, since: datetime | None) -> list[tuple[str, int | None]]:
    runs = Run.objects.filter(rollout=rollout, arm=arm, status__in=FINISHED)
    if since is not None:
        runs = runs.filter(created_at__gte=since)
    return list(runs.order_by("-created_at").values_list("status", "duration_us")[
        :_WINDOW_ROWS])


def observe(rollout: Rollout) -> Verdict:
    since = rollout.started_at
    return judge(arm_stats(_rows(rollout, "canary", since)),
                 arm_stats(_rows(rollout, "control", since)), rollout)


def watch() -> dict[str, list[int]]:
    """One beat tick: roll back every rollout whose guardrails are breached (the numbers go
    to the audit log), and advance those set to auto-advance once observed and healthy."""
    done: dict[str, list[int]] = {"rolled_back": [], "advanced": []}
    for rollout in Rollout.objects.filter(state=State.ROLLING_OUT).select_related("scene"):
        verdict = observe(rollout)
        if verdict.healthy is False:
            logic.roll_back(rollout, None, "guardrail breached: " + "; ".join(verdict.breaches),
                            verdict.numbers)
            done["rolled_back"].append(rollout.pk)
            log.warning("rollout %s rolled back: %s", rollout.pk, verdict.breaches)
        elif (rollout.auto_advance and verdict.healthy
              and logic.observation_left(rollout) == 0
              and windows.is_open(rollout.scene.release_windows,
                                  rollout.scene.release_timezone, timezone.now())):
            try:
                logic.advance(rollout, None)
                done["advanced"].append(rollout.pk)
            except Refusal as exc:  # e.g. a running bucket does not fit the candidate
                log.warning("rollout %s not advanced: %s", rollout.pk, exc.problems)
    return done


def series(rollout: Rollout, step_s: int = 60) -> list[dict[str, Any]]:
    """Canary and control per time step since the start: what the rollout page charts."""
    if rollout.started_at is None:
        return []
    runs = (Run.objects.filter(rollout=rollout, status__in=FINISHED,
                               created_at__gte=rollout.started_at)
            .order_by("-created_at")
            .values_list("created_at", "arm", "status", "duration_us")[:_WINDOW_ROWS * 2])
    start = rollout.started_at.timestamp()
    grouped: dict[int, dict[str, list[tuple[str, int | None]]]] = {}
    for created, arm, status, duration in runs:
        n = int((created.timestamp() - start) // step_s)
        grouped.setdefault(n, {"canary": [], "control": []}).setdefault(arm, []).append(
            (status, duration))
    return [{"t": datetime.fromtimestamp(start + n * step_s, tz=rollout.started_at.tzinfo)
             .isoformat(), **{arm: arm_stats(rows).to_dict() for arm, rows in arms.items()}}
            for n, arms in sorted(grouped.items())]
