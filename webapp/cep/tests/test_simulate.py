"""Simulation of a rule graph over a list of events (the editor's Simulate tab, and the
replay gate of rule scenes): out-of-order and duplicate events, absences decided at the
end, segments, the actions a match would run, and the API's refusals."""

from __future__ import annotations

from typing import Any

from webapp.cep.demo import MINUTE_MS, cart_rescue_document
from webapp.cep.tests.conftest import count_rule
from webapp.conftest import Personas

T0 = 1_700_000_000_000


def event(id: str, type: str, ts: int, unit: str = "u1", item: str | None = None,
          **attributes: Any) -> dict[str, Any]:
    return {"id": id, "unit_id": unit, "type": type, "item_id": item, "ts": ts,
            "attributes": attributes}


def simulate(people: Personas, document: dict[str, Any], events: list[dict[str, Any]],
             **extra: Any) -> dict[str, Any]:
    got = people.client(people.viewer).post(
        "/api/cep/simulate/", {"document": document, "events": events, **extra},
        format="json")
    assert got.status_code == 200, got.content
    body: dict[str, Any] = got.json()
    return body


def test_the_demo_rules_over_a_stream_with_late_and_repeated_events(
        people: Personas) -> None:
    events = [
        # u1: a cart, answered by an order 5 minutes later: no absence.
        event("c1", "cart", T0, item="i1"), event("o1", "order", T0 + 5 * MINUTE_MS),
        # u2: a cart left alone; the same event delivered twice.
        event("c2", "cart", T0 + 1000, unit="u2", item="i9"),
        event("c2", "cart", T0 + 1000, unit="u2", item="i9"),
        # u3: three clicks in one category, the middle one arriving last (out of order,
        # within the default lateness of a second).
        event("k1", "click", T0 + 10_000, unit="u3", category="shoes"),
        event("k3", "click", T0 + 10_600, unit="u3", category="shoes"),
        event("k2", "click", T0 + 10_300, unit="u3", category="shoes"),
    ]
    body = simulate(people, cart_rescue_document(), events)
    assert body["problems"] == []
    assert {r["id"]: r["kind"] for r in body["rules"]} == {
        "cart_abandoned": "absence", "category_burst": "count"}
    found = {(m["rule_id"], m["unit_id"]): m for m in body["matches"]}
    assert set(found) == {("cart_abandoned", "u2"), ("category_burst", "u3")}
    absent = found[("cart_abandoned", "u2")]
    assert absent["event_ids"] == ["c2"] and absent["match_ts"] == T0 + 1000 + 30 * MINUTE_MS
    assert absent["actions"] == ["keep", "notify"] and absent["in_segment"]
    burst = found[("category_burst", "u3")]
    assert burst["event_ids"] == ["k1", "k2", "k3"] and burst["key"] == "shoes"
    assert burst["actions"] == ["refresh_feed"]
    assert body["per_rule"] == {"cart_abandoned": 1, "category_burst": 1}
    assert body["stats"] == {"events": 7, "duplicates": 1, "late": 0, "units": 3,
                             "matches": 2, "out_of_segment": 0}
    assert body["until_ms"] >= absent["match_ts"]


def test_until_leaves_an_absence_undecided(people: Personas) -> None:
    events = [event("c2", "cart", T0, unit="u2")]
    early = simulate(people, cart_rescue_document(), events, until_ms=T0 + MINUTE_MS)
    assert early["matches"] == [] and early["until_ms"] == T0 + MINUTE_MS


def test_an_event_later_than_the_lateness_is_dropped_and_counted(people: Personas) -> None:
    rules = count_rule("seen", n=2, lateness_ms=100)
    events = [event("a", "click", T0 + 5000), event("b", "click", T0)]  # b: 5 s late
    body = simulate(people, rules, events)
    assert body["matches"] == [] and body["stats"]["late"] == 1


def test_matches_outside_the_segment_run_no_action(people: Personas) -> None:
    rules = count_rule("seen", n=2, segment='unit.attributes.tier == "new"')
    events = [event("a1", "click", T0, unit="a", tier="new"),
              event("a2", "click", T0 + 1, unit="a", tier="new"),
              event("b1", "click", T0, unit="b", tier="old"),
              event("b2", "click", T0 + 1, unit="b", tier="old")]
    body = simulate(people, rules, events)
    got = {m["unit_id"]: (m["in_segment"], m["actions"]) for m in body["matches"]}
    assert got == {"a": (True, ["keep"]), "b": (False, [])}
    assert body["stats"]["out_of_segment"] == 1


def test_an_invalid_graph_reports_its_problems_and_no_matches(people: Personas) -> None:
    rules = count_rule("seen")
    rules["nodes"][0]["params"]["min_count"] = 0
    body = simulate(people, rules, [event("a", "click", T0)])
    assert body["matches"] == [] and body["problems"]
    assert body["problems"][0]["node"] == "clicks"
    plain = simulate(people, {"schema": 1, "name": "x", "nodes": [
        {"id": "keep", "op": "action.record", "params": {"label": "x"}}]}, [])
    assert [p["code"] for p in plain["problems"]] == ["no_rules"]


def test_bad_events_are_a_structured_400_and_anonymous_is_refused(people: Personas) -> None:
    client = people.client(people.viewer)
    bad = client.post("/api/cep/simulate/", {"document": count_rule("x"), "events": [
        event("a", "click", T0), {"id": "b", "unit_id": "u", "type": "jump", "ts": T0}]},
        format="json")
    assert bad.status_code == 400
    assert [e["field"] for e in bad.json()["errors"]] == ["events[1].type"]
    missing = client.post("/api/cep/simulate/", {"events": []}, format="json")
    assert missing.status_code == 400 and missing.json()["errors"][0]["field"] == "document"
    anonymous = people.client(None).post("/api/cep/simulate/", {
        "document": count_rule("x"), "events": []}, format="json")
    assert anonymous.status_code in (401, 403)
