"""POST /api/events/: who may send, validation, duplicates, back-pressure; GET: the state."""

from __future__ import annotations

import socket
import time
from typing import Any

import pytest
import redis
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from operators.behaviour.event import Event
from webapp.conftest import Personas

STREAM = "beh:events"


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def event(i: int, **extra: Any) -> dict[str, Any]:
    return {"id": f"e{i}", "unit_id": "u1", "type": "click", "item_id": f"i{i}",
            "ts": now_ms() - 1000, "attributes": {"category": "shoes"}, **extra}


@pytest.fixture
def events_redis(web_redis: str, redis_sync: redis.Redis) -> redis.Redis:
    return redis_sync


def post(client: APIClient, events: list[Any]) -> Any:
    return client.post("/api/events/", {"events": events}, format="json")


def test_editors_and_admins_send_events(people: Personas, events_redis: redis.Redis) -> None:
    response = post(people.client(people.author), [event(1), event(2)])
    assert response.status_code == 202, response.content
    assert response.json() == {"accepted": 2, "duplicates": 0, "backlog": 2}
    assert post(people.client(people.admin), [event(3)]).json()["accepted"] == 1
    stored = [Event.from_fields(f) for _, f in events_redis.xrange(STREAM)]
    assert [e.id for e in stored] == ["e1", "e2", "e3"]
    assert stored[0].category == "shoes" and stored[0].unit_id == "u1"


def test_a_service_sends_with_a_token(people: Personas, events_redis: redis.Redis) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=people.author)}")
    assert post(client, [event(1)]).status_code == 202


@pytest.mark.parametrize(("who", "code"), [("viewer", "permission_denied"),
                                           ("approver", "permission_denied"),
                                           ("outsider", "permission_denied"),
                                           (None, "not_authenticated")])
def test_others_are_refused_and_nothing_is_stored(people: Personas, events_redis: redis.Redis,
                                                  who: str | None, code: str) -> None:
    user = getattr(people, who) if who else None
    response = post(people.client(user), [event(1)])
    assert response.status_code == 403, response.content
    assert response.json()["errors"][0]["code"] == code
    assert events_redis.xlen(STREAM) == 0


def test_every_problem_is_named_by_its_event_and_nothing_is_stored(
        people: Personas, events_redis: redis.Redis) -> None:
    bad = [event(0), event(1, type="buy"), {"id": "e2", "unit_id": "u1", "ts": -5},
           event(3, ts=now_ms() + 2 * 86_400_000), "not an event", event(5, colour="red"),
           event(6, attributes={"blob": "x" * 5000})]
    response = post(people.client(people.author), bad)
    assert response.status_code == 400
    fields = [p["field"] for p in response.json()["errors"]]
    assert fields == ["events[1].type", "events[2].type", "events[2].ts", "events[3].ts",
                      "events[4]", "events[5].colour", "events[6].attributes"]
    assert all(p["code"] == "invalid_event" for p in response.json()["errors"])
    assert "event 3: ts" in response.json()["errors"][3]["message"]
    assert events_redis.xlen(STREAM) == 0 and events_redis.keys("beh:seen:*") == []


@pytest.mark.parametrize(("body", "code"), [
    ({}, "invalid"), ({"events": "e1"}, "invalid"), ({"events": []}, "invalid"),
    ([event(1)], "invalid"), ({"events": [event(1)], "extra": 1}, "unknown_field"),
])
def test_malformed_bodies_get_400(people: Personas, events_redis: redis.Redis, body: Any,
                                  code: str) -> None:
    response = people.client(people.author).post("/api/events/", body, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["code"] == code
    garbled = people.client(people.author).post("/api/events/", "{not json",
                                                content_type="application/json")
    assert garbled.status_code == 400


def test_batches_are_limited(people: Personas, events_redis: redis.Redis,
                             settings: Any) -> None:
    settings.LOOM_EVENTS_BATCH_LIMIT = 3
    response = post(people.client(people.author), [event(i) for i in range(4)])
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "too_many_events"
    assert "At most 3 events" in response.json()["errors"][0]["message"]


def test_duplicates_are_counted_not_stored(people: Personas, events_redis: redis.Redis) -> None:
    client = people.client(people.author)
    assert post(client, [event(1), event(2), event(1)]).json() == {
        "accepted": 2, "duplicates": 1, "backlog": 2}
    assert post(client, [event(2), event(3)]).json() == {  # a client's retry
        "accepted": 1, "duplicates": 1, "backlog": 3}
    assert events_redis.xlen(STREAM) == 3
    assert 0 < events_redis.ttl("beh:seen:e1") <= 86_400


def test_a_full_backlog_gets_429_and_nothing_is_written(
        people: Personas, events_redis: redis.Redis, settings: Any) -> None:
    settings.LOOM_EVENTS_MAX_BACKLOG = 5
    client = people.client(people.author)
    assert post(client, [event(i) for i in range(4)]).status_code == 202
    response = post(client, [event(10), event(11)])  # 4 waiting + 2 > 5
    assert response.status_code == 429
    assert response["Retry-After"] == "5"
    error = response.json()["errors"][0]
    assert error["code"] == "backlog_full" and "none of this batch was stored" in \
        error["message"]
    assert events_redis.xlen(STREAM) == 4 and not events_redis.exists("beh:seen:e10")
    assert post(client, [event(10)]).status_code == 202  # one still fits


def test_the_state_of_the_stream(people: Personas, events_redis: redis.Redis) -> None:
    viewer = people.client(people.viewer)
    assert viewer.get("/api/events/").json() == {"stream": STREAM, "backlog": 0,
                                                 "max_backlog": 200_000, "groups": []}
    post(people.client(people.author), [event(1)])
    assert viewer.get("/api/events/").json()["backlog"] == 1
    assert APIClient().get("/api/events/").status_code in (401, 403)


def test_redis_down_is_a_503_not_a_500(people: Personas, settings: Any) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        settings.REDIS_URL = f"redis://127.0.0.1:{s.getsockname()[1]}/0"
    response = post(people.client(people.author), [event(1)])
    assert response.status_code == 503
    assert response.json()["errors"][0]["code"] == "event_store_unavailable"
    assert people.client(people.viewer).get("/api/events/").status_code == 503


def test_the_documented_event_is_the_validated_one() -> None:
    from webapp.events.serializers import EventSerializer

    assert set(EventSerializer().fields) == set(Event.model_fields)
