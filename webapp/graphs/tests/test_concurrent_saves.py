"""Ten editors saving one graph at the same moment, over real HTTP (a live server with a
thread per request): the If-Match compare-and-swap lets exactly one save through per
revision, the others get 412 with the winner's graph, and nothing else is written."""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token

from webapp.audit.models import AuditEntry
from webapp.conftest import SIMPLE_DOC, Personas, make_user
from webapp.graphs.models import Graph, GraphVersion

CLIENTS = 10
ROUNDS = 4


@pytest.fixture
def editors(transactional_db: Any) -> list[User]:
    Personas()  # the role groups
    return [make_user(f"saver{i}", "editor") for i in range(CLIENTS)]


@pytest.fixture
def sessions(live_server: Any, editors: list[User]) -> Iterator[list[httpx.Client]]:
    clients = [httpx.Client(base_url=live_server.url, timeout=30, headers={
        "Authorization": f"Token {Token.objects.create(user=user).key}"}) for user in editors]
    yield clients
    for client in clients:
        client.close()


def edit(round_no: int, client_no: int) -> dict[str, Any]:
    """A document only this client would write in this round."""
    document = copy.deepcopy(SIMPLE_DOC)
    document["name"] = f"round {round_no} by client {client_no}"
    document["nodes"][1]["params"] = {"n": client_no + 1}
    return document


def save_at_once(sessions: list[httpx.Client], url: str, etag: str,
                 bodies: list[dict[str, Any]], method: str) -> list[httpx.Response]:
    """Every client sends its body with the same If-Match, released together."""
    start = threading.Barrier(len(sessions))
    responses: list[httpx.Response | None] = [None] * len(sessions)

    def save(i: int) -> None:
        start.wait()
        responses[i] = sessions[i].request(method, url, json=bodies[i],
                                           headers={"If-Match": etag})

    threads = [threading.Thread(target=save, args=(i,)) for i in range(len(sessions))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert all(r is not None for r in responses), "a save never answered"
    return [r for r in responses if r is not None]


@pytest.mark.slow
def test_one_save_wins_per_revision_and_none_is_lost(sessions: list[httpx.Client],
                                                     editors: list[User]) -> None:
    created = sessions[0].post("/api/graphs/", json={"document": SIMPLE_DOC})
    assert created.status_code == 201, created.text
    graph_id, etag, revision = created.json()["id"], created.headers["ETag"], 1
    url = f"/api/graphs/{graph_id}/"
    assert created.json()["revision"] == revision

    for round_no in range(ROUNDS):
        documents = [edit(round_no, i) for i in range(CLIENTS)]
        method = "PUT" if round_no % 2 == 0 else "PATCH"
        responses = save_at_once(sessions, url, etag, [{"document": d} for d in documents],
                                 method)

        codes = sorted(r.status_code for r in responses)
        assert codes == [200] + [412] * (CLIENTS - 1), [r.text for r in responses]
        winner = next(i for i, r in enumerate(responses) if r.status_code == 200)
        won = responses[winner].json()
        revision += 1
        assert won["revision"] == revision and won["document"] == documents[winner]
        for loser in (r for r in responses if r.status_code == 412):
            body = loser.json()
            assert [e["code"] for e in body["errors"]] == ["stale_revision"]
            # The loser is told what it lost to: it can merge, nothing vanishes unseen.
            assert body["current"]["revision"] == revision
            assert body["current"]["document"] == documents[winner]

        stored = sessions[0].get(url)
        assert stored.json()["document"] == documents[winner]
        assert stored.headers["ETag"] == responses[winner].headers["ETag"]
        graph = Graph.objects.get(pk=graph_id)
        assert (graph.revision, graph.updated_by) == (revision, editors[winner])
        saves = AuditEntry.objects.filter(action="graph.update", target_id=str(graph_id))
        assert saves.count() == round_no + 1  # one entry per revision, the winner's
        latest = saves.order_by("-pk").first()
        assert latest is not None and latest.actor == editors[winner]
        etag = stored.headers["ETag"]

    assert not GraphVersion.objects.exists()  # saves move the head; versions are snapshots
