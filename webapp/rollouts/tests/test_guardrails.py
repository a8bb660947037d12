"""Guardrails judge the canary against the control from run records; a breach rolls the
rollout back with its numbers in the audit log; a healthy auto rollout advances."""

from __future__ import annotations

from webapp.audit.models import AuditEntry
from webapp.conftest import Personas
from webapp.rollouts import guardrails
from webapp.rollouts.guardrails import ArmStats, arm_stats, judge
from webapp.rollouts.models import Rollout
from webapp.rollouts.tests.conftest import live
from webapp.runs.models import Run
from webapp.scenes.models import Scene


def _thresholds(**fields: float) -> Rollout:
    return Rollout(**{"max_error_rate_delta": 0.01, "max_timeout_rate_delta": 0.01,
                      "max_p99_ratio": 1.5, "min_requests": 100, **fields})


def test_arm_stats_counts_and_quantiles() -> None:
    stats = arm_stats([("ok", 1000 * i) for i in range(1, 101)] + [("failed", None),
                                                                    ("timeout", 2_000_000)])
    assert (stats.requests, stats.errors, stats.timeouts) == (102, 1, 1)
    assert stats.p50_ms == 51.0 and stats.p99_ms == 100.0
    assert round(stats.error_rate, 4) == round(1 / 102, 4)


def test_judge() -> None:
    control = ArmStats(1000, 5, 0, 10.0, 40.0)
    waiting = judge(ArmStats(50, 50, 0, 10.0, 40.0), control, _thresholds())
    assert waiting.healthy is None and not waiting.breaches
    assert judge(ArmStats(200, 2, 0, 11.0, 50.0), control, _thresholds()).healthy is True
    errors = judge(ArmStats(200, 10, 0, 10.0, 40.0), control, _thresholds())
    assert errors.healthy is False and "error rate 5.0% in the canary" in errors.breaches[0]
    slow = judge(ArmStats(200, 0, 0, 30.0, 90.0), control, _thresholds())
    assert slow.healthy is False and "p99 latency 90.0 ms" in slow.breaches[0]
    timeouts = judge(ArmStats(200, 0, 20, 10.0, 40.0), control, _thresholds())
    assert "timeout rate 10.0%" in timeouts.breaches[0]
    # A first version has no control: error and timeout rates are judged against zero.
    alone = judge(ArmStats(200, 1, 0, 10.0, 400.0), ArmStats(), _thresholds())
    assert alone.healthy is True


def _runs(rollout: Rollout, arm: str, n: int, failed: int = 0, ms: int = 10) -> None:
    Run.objects.bulk_create(
        Run(kind=Run.Kind.SERVE, scene_id=rollout.scene_id, rollout=rollout, arm=arm,
            status="failed" if i < failed else "ok", duration_us=ms * 1000,
            version_id=rollout.version_id if arm == "canary" else rollout.base_version_id)
        for i in range(n))


def test_a_breach_rolls_back_with_the_numbers_audited(people: Personas, scene: Scene) -> None:
    rollout = live(people, scene)
    _runs(rollout, "control", 300, failed=1)
    _runs(rollout, "canary", 120, failed=1)
    assert guardrails.watch() == {"rolled_back": [], "advanced": []}
    _runs(rollout, "canary", 30, failed=30)
    assert guardrails.watch() == {"rolled_back": [rollout.pk], "advanced": []}
    rollout.refresh_from_db()
    assert rollout.state == "rolled_back" and "error rate" in rollout.end_reason
    entry = AuditEntry.objects.get(action="rollout.roll_back")
    assert entry.actor is None
    numbers = entry.details["guardrails"]
    assert numbers["canary"]["requests"] == 150 and numbers["canary"]["errors"] == 31
    assert numbers["control"]["requests"] == 300
    assert numbers["thresholds"]["max_error_rate_delta"] == 0.01


def test_auto_advance_when_healthy_and_observed(people: Personas, scene: Scene) -> None:
    rollout = live(people, scene, auto_advance=True, min_requests=10)
    _runs(rollout, "control", 50)
    assert guardrails.watch()["advanced"] == []  # the canary has too few requests
    _runs(rollout, "canary", 20)
    assert guardrails.watch()["advanced"] == [rollout.pk]
    rollout.refresh_from_db()
    assert rollout.percent == 50.0


def test_the_api_shows_guardrails_and_series(people: Personas, scene: Scene) -> None:
    rollout = live(people, scene, min_requests=10)
    _runs(rollout, "control", 40, failed=2, ms=12)
    _runs(rollout, "canary", 20, ms=30)
    viewer = people.client(people.viewer)
    now = viewer.get(f"/api/rollouts/{rollout.pk}/guardrails/").json()
    assert now["healthy"] is False and "p99 latency 30.0 ms" in now["breaches"][0]
    assert now["canary"]["requests"] == 20 and now["control"]["errors"] == 2
    points = viewer.get(f"/api/rollouts/{rollout.pk}/metrics/?step_s=3600").json()["points"]
    assert len(points) == 1
    assert points[0]["canary"]["requests"] == 20 and points[0]["control"]["requests"] == 40
