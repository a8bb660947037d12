"""The monitoring numbers: latency quantiles per version and time step, node rankings from
node statuses and traces, who may read them, and refusals of bad query parameters."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from webapp.conftest import Personas
from webapp.core.quantiles import quantile
from webapp.monitoring import stats
from webapp.runs.models import Run
from webapp.scenes.models import Scene


def served(scene: Scene, duration_ms: float, status: str = "ok", ago_s: float = 60,
           node_status: dict[str, str] | None = None, trace: Any = None,
           version: Any = "production") -> Run:
    run = Run.objects.create(
        kind=Run.Kind.SERVE, scene=scene, status=status, duration_us=int(duration_ms * 1000),
        version=scene.production_version if version == "production" else version,
        node_status=node_status or {}, trace=trace)
    # created_at is auto_now_add: move it back in time afterwards.
    Run.objects.filter(pk=run.pk).update(created_at=timezone.now() - timedelta(seconds=ago_s))
    return run


def trace_of(durations_ms: dict[str, float]) -> dict[str, Any]:
    nodes = [{"kind": "node", "id": n, "op": "x", "status": "ok", "start_us": 0,
              "duration_us": int(ms * 1000), "rows": 1, "error": None}
             for n, ms in durations_ms.items()]
    group = {"kind": "group", "id": "g", "label": "G", "status": "ok", "start_us": 0,
             "duration_us": 1, "children": nodes[1:]}
    return {"kind": "graph", "graph": "simple", "status": "ok", "start_us": 0,
            "duration_us": 1, "children": [nodes[0], group]}


def get(people: Personas, url: str, user: Any = None) -> Any:
    return people.client(user or people.viewer).get(url)


def test_quantile_is_the_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert [quantile(values, q) for q in (0.5, 0.95, 0.99, 1.0)] == [50, 95, 99, 100]
    assert quantile([7.0], 0.99) == 7 and quantile([], 0.5) is None
    assert quantile([1.0, 2.0, 3.0, 4.0], 0.5) == 2


def test_latency_quantiles_and_rates_per_version_and_step(people: Personas,
                                                          scene: Scene) -> None:
    for ms in range(1, 101):  # 1..100 ms, all at one time: one step
        served(scene, ms, ago_s=120)
    served(scene, 500, status="timeout", ago_s=120)
    served(scene, 5, status="failed", ago_s=120)
    served(scene, 3, ago_s=3 * 3600)  # an earlier step
    served(scene, 9, ago_s=2 * 86400)  # before since
    Run.objects.create(kind=Run.Kind.TEST, scene=scene, status="ok", duration_us=10**9)

    response = get(people, "/api/monitoring/latency/?scene=feed&since=24h&step_s=600")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["runs_read"] == 103 and body["truncated"] is False and body["step_s"] == 600
    [series] = body["series"]
    assert series["version"] == scene.production_version_id
    assert series["label"] == "simple v1" and series["requests"] == 103
    early, late = series["points"]
    assert early["requests"] == 1 and early["p99_ms"] == 3
    assert late["t"] % 600 == 0 and late["requests"] == 102
    # 102 durations: 1..100, 5 and 500 ms; nearest ranks 51, 97 and 101 (the extra 5 ms
    # shifts every rank past it by one).
    assert (late["p50_ms"], late["p95_ms"], late["p99_ms"]) == (50, 96, 100)
    assert late["errors"] == 1 and late["timeouts"] == 1
    assert late["error_rate"] == round(1 / 102, 4) == late["timeout_rate"]

    only = get(people, f"/api/monitoring/latency/?scene=feed&version={series['version']}")
    assert only.json()["series"][0]["requests"] == 103
    assert get(people, "/api/monitoring/latency/?scene=feed&version=999999").json()[
        "series"] == []


def test_latency_has_one_series_per_version(people: Personas, scene: Scene) -> None:
    served(scene, 10)
    served(scene, 20, version=None)
    served(scene, 30, version=None)
    body = get(people, "/api/monitoring/latency/?scene=feed").json()
    assert [(s["label"], s["requests"]) for s in body["series"]] == [
        ("no version", 2), ("simple v1", 1)]
    assert body["step_s"] == 720  # 24 h in about 120 points, a whole number of minutes


def test_the_row_bound_is_reported(people: Personas, scene: Scene) -> None:
    for ms in (1, 2, 3):
        served(scene, ms)
    assert stats.latency(scene, timezone.now() - timedelta(hours=1), 60,
                         limit=2)["truncated"] is True


def test_nodes_ranked_by_errors_and_timeouts_with_durations_from_traces(
        people: Personas, scene: Scene) -> None:
    for i in range(10):
        statuses = {"items": "ok", "extra": "failed" if i < 4 else "ok",
                    "slow": "timeout" if i < 2 else "ok", "top": "ok"}
        served(scene, 10, status="degraded" if i < 4 else "ok", node_status=statuses,
               trace=trace_of({"items": 1, "extra": 2, "slow": 100 + i, "top": 0.5})
               if i < 5 else None)
    served(scene, 10, node_status={"items": "ok", "extra": "broken", "slow": "ok",
                                   "top": "skipped"})
    response = get(people, "/api/monitoring/nodes/?scene=feed")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["runs_read"] == 11 and body["traces_used"] == 5
    rows = body["results"]
    assert [r["node"] for r in rows] == ["extra", "slow", "items", "top"]
    extra, slow = rows[0], rows[1]
    assert (extra["runs"], extra["errors"], extra["error_rate"], extra["broken"]) == (
        11, 4, round(4 / 11, 4), 1)
    assert (slow["timeouts"], slow["timeout_rate"], slow["errors"]) == (2, round(2 / 11, 4), 0)
    assert (slow["traced"], slow["p50_ms"], slow["p99_ms"]) == (5, 102, 104)
    top = rows[3]
    assert (top["skipped"], top["ran"], top["p50_ms"]) == (1, 10, 0.5)


def test_only_served_finished_runs_of_the_scene_count(people: Personas,
                                                      scene: Scene) -> None:
    served(scene, 10, node_status={"items": "failed"})
    served(scene, 10, status="running", node_status={"items": "failed"})
    body = get(people, "/api/monitoring/nodes/?scene=feed&since=1h").json()
    assert body["runs_read"] == 1 and body["traces_used"] == 0
    assert body["results"][0]["p50_ms"] is None


@pytest.mark.parametrize("url", ["/api/monitoring/latency/?scene=feed",
                                 "/api/monitoring/nodes/?scene=feed"])
def test_who_may_read(people: Personas, scene: Scene, url: str) -> None:
    for user in (people.viewer, people.author, people.approver, people.admin):
        assert get(people, url, user).status_code == 200
    assert people.client(None).get(url).status_code in (401, 403)
    assert get(people, url, people.outsider).status_code == 403
    assert people.client(people.admin).post(url).status_code == 405


@pytest.mark.parametrize(("query", "field"), [
    ("", "scene"), ("scene=no%20such", "scene"), ("scene=feed&since=yesterday", "since"),
    ("scene=feed&since=2999-01-01T00:00:00", "since"), ("scene=feed&since=400d", "since"),
    ("scene=feed&step_s=1", "step_s"), ("scene=feed&step_s=abc", "step_s"),
    ("scene=feed&step_s=%C2%B2", "step_s"), ("scene=feed&since=7d&step_s=10", "step_s"),
    ("scene=feed&version=-1", "version"), ("scene=feed&version=1.5", "version"),
    ("scene=feed&version=99999999999999", "version"),
])
def test_bad_parameters_are_refused_in_plain_words(people: Personas, scene: Scene,
                                                   query: str, field: str) -> None:
    response = get(people, f"/api/monitoring/latency/?{query}")
    assert response.status_code == 400, response.content
    [error] = response.json()["errors"]
    assert error["field"] == field and error["code"] == "invalid" and error["message"]


def test_unknown_scene_and_time_forms(people: Personas, scene: Scene) -> None:
    missing = get(people, "/api/monitoring/nodes/?scene=nope")
    assert missing.status_code == 404 and missing.json()["errors"][0]["code"] == "not_found"
    assert get(people, "/api/monitoring/nodes/?scene=feed&since=x").status_code == 400
    since = (timezone.now() - timedelta(hours=2)).isoformat()
    for value in (since, since.replace("+00:00", "Z"), since.replace("+00:00", ""), "90m"):
        assert get(people, f"/api/monitoring/nodes/?scene=feed&since={value}").status_code == 200
