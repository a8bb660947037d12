"""GET /api/audit/: any role reads, newest first, filtered; nobody writes."""

from __future__ import annotations

from typing import Any

from webapp.audit.models import AuditEntry
from webapp.conftest import Personas, create_graph


def listed(people: Personas, query: str = "") -> list[dict[str, Any]]:
    response = people.client(people.viewer).get(f"/api/audit/{query}")
    assert response.status_code == 200, response.content
    return list(response.json()["results"])


def test_viewers_read_newest_first_and_anonymous_cannot(people: Personas) -> None:
    first = create_graph(people.client(people.author))
    second = create_graph(people.client(people.editor2))
    assert [e["target_id"] for e in listed(people)] == [str(second["id"]), str(first["id"])]
    assert people.client(None).get("/api/audit/").status_code in (401, 403)
    assert people.client(people.outsider).get("/api/audit/").status_code == 403
    assert people.client(people.admin).post("/api/audit/", {}).status_code == 405


def test_filters(people: Personas) -> None:
    first = create_graph(people.client(people.author))
    create_graph(people.client(people.editor2))
    people.client(people.author).post(f"/api/graphs/{first['id']}/versions/", {},
                                      format="json")
    assert [e["action"] for e in listed(people, "?actor=author")] == ["graph.snapshot",
                                                                      "graph.create"]
    assert [e["actor"] for e in listed(people, "?action=graph.create")] == ["editor2",
                                                                            "author"]
    target = listed(people, f"?target_type=graphs.graph&target_id={first['id']}")
    assert {e["target_id"] for e in target} == {str(first["id"])} and len(target) == 2
    latest = AuditEntry.objects.first()
    assert latest is not None
    since = latest.at.isoformat().replace("+00:00", "Z")
    assert [e["id"] for e in listed(people, f"?since={since}")] == [latest.pk]
    assert latest.pk not in {e["id"] for e in listed(people, f"?until={since}")}
