"""The graph endpoints on generated garbage (the engine-level strategies of
tests/graphengine/test_validator_properties.py, sent as JSON): validate answers 200 with
{valid, errors} or 400, import-kv 201 or 400, never a 5xx; what is imported reads back."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from graphengine import Graph, GraphError
from tests.graphengine.test_validator_properties import (
    AWKWARD,
    documents,
    kv_maps,
    kv_overlays,
    one_operator,
    one_operator_doc,
)
from webapp.conftest import Personas


def _kv_of(doc: dict[str, Any]) -> dict[str, str] | None:
    try:
        return Graph.from_dict(doc).to_kv()
    except GraphError:
        return None


# The KV form of any operator's valid graph: import-kv's happy path, with every operator.
valid_kv = one_operator().map(_kv_of).filter(bool)
API = settings(max_examples=60, deadline=None,
               suppress_health_check=[HealthCheck.function_scoped_fixture,
                                      HealthCheck.too_slow, HealthCheck.data_too_large])


def post(client: APIClient, url: str, body: Any) -> Any:
    """Sent as JSON text as a browser would (NaN and Infinity included: the parser must
    refuse them); each request in a savepoint, as autocommit gives it its own transaction."""
    with transaction.atomic():
        response = client.post(url, data=json.dumps(body),
                               content_type="application/json")
    assert response.status_code < 500, response.content
    return response


def assert_problems(errors: Any) -> None:
    assert isinstance(errors, list) and errors
    for e in errors:
        assert set(e) == {"code", "node", "field", "message"} and e["code"] and e["message"]


def assert_validated(response: Any) -> None:
    if response.status_code == 400:  # not JSON, or no `document`
        assert_problems(response.json()["errors"])
        return
    assert response.status_code == 200, response.content
    body = response.json()
    assert isinstance(body["valid"], bool)
    if body["valid"]:
        assert body["errors"] == [] and len(body["config_hash"]) == 64
    else:
        assert_problems(body["errors"])


@API
@given(documents() | one_operator())
def test_validate_never_fails_on_any_document(people: Personas, doc: Any) -> None:
    assert_validated(post(people.client(people.viewer), "/api/graphs/validate/",
                          {"document": doc}))


@API
@given(st.one_of(valid_kv, kv_overlays, kv_maps, st.text(max_size=80),
                 st.sampled_from(AWKWARD)))
def test_import_kv_never_fails_and_what_it_takes_reads_back(people: Personas,
                                                            mapping: Any) -> None:
    client = people.client(people.author)
    response = post(client, "/api/graphs/import-kv/", {"kv": mapping})
    if response.status_code == 400:
        assert_problems(response.json()["errors"])
        return
    assert response.status_code == 201, response.content
    graph = response.json()
    assert graph["valid"] is True
    exported = client.get(f"/api/graphs/{graph['id']}/kv/")
    assert exported.status_code == 200
    again = post(client, "/api/graphs/import-kv/", {"kv": exported.json()["kv"]})
    assert again.status_code == 201 and again.json()["document"] == graph["document"]


@pytest.mark.parametrize("depth", [200, 900, 3_000])
def test_deeply_nested_json_is_a_400_or_a_problem(people: Personas, depth: int) -> None:
    """Past what the JSON parser or encoder can recurse into: refused, not a 500."""
    deep = "[" * depth + "]" * depth
    doc = json.dumps(one_operator_doc("datasource.table", {"rows": [{"x": "DEEP"}]}))
    body = '{"document": ' + doc.replace('"DEEP"', deep) + "}"
    with transaction.atomic():
        response = people.client(people.viewer).post("/api/graphs/validate/", data=body,
                                                     content_type="application/json")
    assert_validated(response)
    if response.status_code == 400:
        assert response.json()["errors"][0]["code"] == "too_deep"
    else:
        assert response.json()["valid"] is False


def test_a_number_past_the_float_range_is_invalid(people: Personas) -> None:
    """JSON integers have no size limit; one only a float infinity could hold is refused."""
    doc = one_operator_doc("score.linear", {"weights": {"quality": 10**400}})
    response = post(people.client(people.viewer), "/api/graphs/validate/", {"document": doc})
    assert response.json()["valid"] is False
    assert [e["code"] for e in response.json()["errors"]] == ["param_out_of_range"]


def test_lone_surrogates_are_a_400(people: Personas) -> None:
    body = '{"kv": {"graph.name": "x", "node.\\ud800.op": "basic.limit"}}'
    with transaction.atomic():
        response = people.client(people.author).post("/api/graphs/import-kv/", data=body,
                                                     content_type="application/json")
    assert response.status_code == 400
