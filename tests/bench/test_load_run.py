"""`make load` (bench/load_run.py): its arithmetic on made-up samples, and a short real run
of the whole `make run` stack under locust that must answer every request and clean up."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `bench` is not an installed package; run from the repo root
    sys.path.insert(0, str(ROOT))

pytest.importorskip("psutil")
from bench import load_report, load_run  # noqa: E402
from bench.worker_bench import group_pids  # noqa: E402


def test_slope_is_megabytes_per_minute() -> None:
    assert load_run.slope([(0.0, 100.0), (60.0, 103.0), (120.0, 106.0)]) == pytest.approx(3.0)
    assert load_run.slope([(0.0, 50.0), (30.0, 50.0)]) == 0.0
    assert load_run.slope([(5.0, 50.0)]) == 0.0


def test_memory_verdict_uses_the_samples_after_warm_up() -> None:
    t0 = 1000.0
    memory = []
    for i in range(11):  # every 30 s for 300 s; warm-up is the first 60 s
        t = t0 + 30 * i
        warm = min(i, 2) * 40.0  # the worker grows by 80 MB while warming, then stays
        memory.append((t, {"web": 100.0, "worker": 300 + warm, "beat": 80.0,
                           "redis": 10.0 + 2.0 * i}))
    stats = load_run.memory_stats(memory, t0, warmup_s=60.0)
    assert stats["worker"]["first"] == 300 and stats["worker"]["start"] == 380
    assert stats["worker"]["flat"] and stats["worker"]["slope"] == pytest.approx(0.0)
    # Redis: 2 MB per 30 s = 4 MB/min, 16 MB over the 240 s after warm-up: over the 5 MB bound
    assert stats["redis"]["slope"] == pytest.approx(4.0)
    assert stats["redis"]["growth"] == pytest.approx(16.0) and not stats["redis"]["flat"]
    # the bound is 2% of a large start, at least 5 MB
    assert stats["worker"]["bound"] == pytest.approx(7.6)
    assert stats["web"]["bound"] == 5.0


def test_request_stats_count_errors_by_outcome_and_windows_split_by_time() -> None:
    t0 = 50.0
    samples = [(t0 + i * 0.5, float(i + 1), "ok") for i in range(40)]
    samples += [(t0 + 3.0, 2000.0, "504 deadline"), (t0 + 15.0, 5.0, "error ConnectionError"),
                (t0 + 16.0, 2100.0, "504 deadline")]
    stats = load_run.request_stats(samples, seconds=21.5)
    assert stats["requests"] == 43 and stats["rps"] == pytest.approx(2.0)
    assert stats["errors"] == {"504 deadline": 2, "error ConnectionError": 1}
    assert stats["error_rate"] == pytest.approx(3 / 43)
    assert stats["p50"] <= stats["p95"] <= stats["p99"] <= stats["max"] == 2100.0
    windows = load_run.windows(samples, t0, width=10.0)
    assert [w["n"] for w in windows] == [21, 22] and [w["errors"] for w in windows] == [1, 2]
    assert [w["t"] for w in windows] == [5.0, 15.0]
    assert math.isnan(load_run.percentiles([])["p99"])


def test_stack_env_keeps_the_developers_services_out() -> None:
    env = load_run.stack_env(Path("/tmp/x"))
    assert env["DATABASE_URL"] == "sqlite:////tmp/x/loom.sqlite3"
    assert env["DJANGO_SETTINGS_MODULE"] == "webapp.config.settings.local"
    assert "REDIS_URL" not in env and "CELERY_BROKER_URL" not in env


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("locust") is None, reason="locust not installed")
def test_a_short_load_run_answers_every_request_and_stops_the_stack() -> None:
    result = load_run.run(duration_s=12.0, users=2, sample_s=1.0)
    every = result["all"]
    assert every["requests"] > 10 and every["rps"] > 0
    other = result["cpus_used"]["other"]  # CPUs the rest of the machine used meanwhile
    if other < 0.5:  # the machine was ours: every request answered ok
        assert every["errors"] == {} and every["error_rate"] == 0.0
    else:  # neighbours took the CPUs: only runs that missed their deadline may fail
        assert set(every["errors"]) <= {"503 timeout", "504"}, (every["errors"], other)
        assert every["error_rate"] < 0.5, (every["errors"], other)
    assert 0 < every["p50"] <= every["p95"] <= every["p99"] <= every["max"]
    assert result["windows"] and sum(w["n"] for w in result["windows"]) == every["requests"]
    assert len(result["rss"]) >= 8  # a sample a second for 12 s
    assert set(result["cpus_used"]) == {*load_run.ROLES, "locust", "other"}
    assert result["cpus_used"]["worker"] > 0
    for role in load_run.ROLES:  # each part of the stack was found and measured
        assert result["memory"][role]["start"] > 1.0, role
    assert result["redis"]["stream"] >= every["requests"]  # one exposure per answer
    assert not group_pids(result["stack_pid"])  # loom_run and everything it started are gone
    section = load_report.render(result, None)
    assert section.startswith(load_report.HEADING)
    assert f"| whole run | {every['requests']:,} |" in section
