"""Text PostgreSQL cannot hold (a NUL character) is bad input everywhere: a 400, never a
500, whether a serializer field or a looked-up slug meets it first."""

from __future__ import annotations

import pytest

from webapp.conftest import Personas


@pytest.mark.parametrize("body", [
    {"scene": "home\x00feed", "slug": "ranking", "name": "Ranking", "keys": ["node.top.param.*"]},
    {"scene": "x", "slug": "ranking", "name": "Rank\x00ing", "keys": ["node.top.param.*"]},
])
def test_nul_characters_are_refused_plainly(people: Personas, body: dict[str, object]) -> None:
    response = people.client(people.author).post("/api/layers/", body, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["errors"][0]["message"]


def test_a_database_data_error_is_a_400(people: Personas) -> None:
    from django.db import DataError

    from webapp.core.errors import exception_handler

    response = exception_handler(DataError("text fields cannot contain NUL"), {})
    assert response is not None and response.status_code == 400
    assert response.data["errors"][0]["code"] == "invalid_data"
