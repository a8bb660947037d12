"""The CEP API by persona, the scene kind, and rule graphs in the graph API: every role
reads matches and compiled rules; recommend refuses a rule scene; a bad predicate is a
structured validation problem."""

from __future__ import annotations

import copy

import redis

from webapp.cep import logic
from webapp.cep.tests.conftest import count_rule, ev, now_ms, rule_scene
from webapp.conftest import Personas
from webapp.scenes.models import Scene


def _fire(people: Personas) -> Scene:
    scene = rule_scene(people, count_rule("seen"))
    t = now_ms()
    logic.process_events([ev("a1", "click", t, unit="u1", item="i1"),
                          ev("a2", "click", t + 1, unit="u1", item="i2"),
                          ev("b1", "click", t, unit="u2"), ev("b2", "click", t + 1, unit="u2")])
    return scene


def test_every_role_reads_matches_with_filters(people: Personas,
                                               cep_redis: redis.Redis) -> None:
    _fire(people)
    viewer = people.client(people.viewer)
    listed = viewer.get("/api/cep/matches/", {"scene": "rules", "rule": "clicks"})
    assert listed.status_code == 200, listed.content
    body = listed.json()
    assert body["count"] == 2 and {m["unit_id"] for m in body["results"]} == {"u1", "u2"}
    one = viewer.get("/api/cep/matches/", {"unit_id": "u1"}).json()["results"]
    assert [(m["scene"], m["rule"], m["kind"], m["status"]) for m in one] == [
        ("rules", "clicks", "count", "ok")]
    assert one[0]["records"] == [{"label": "seen", "data": {"item": "i2"}}]
    assert one[0]["event_ids"] == ["a1", "a2"] and one[0]["version"] == 1
    detail = viewer.get(f"/api/cep/matches/{one[0]['id']}/")
    assert detail.status_code == 200 and detail.json()["match_id"] == one[0]["match_id"]
    assert viewer.get("/api/cep/matches/", {"scene": "other"}).json()["count"] == 0
    assert people.client(people.outsider).get("/api/cep/matches/").status_code == 403
    assert people.client(None).get("/api/cep/matches/").status_code in (401, 403)
    bad = viewer.get("/api/cep/matches/", {"status": "bogus"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "status"
    assert viewer.post("/api/cep/matches/", {}, format="json").status_code in (403, 405)


def test_the_compiled_rules_of_the_production_version(people: Personas,
                                                      cep_redis: redis.Redis,
                                                      scene: Scene) -> None:
    rules_doc = count_rule("seen", group_by="attributes.category")
    rules_doc["nodes"].append(copy.deepcopy(rules_doc["nodes"][0]) | {"id": "twin"})
    rules_doc["settings"] = {"output": "keep"}  # the twin has no consumer: two sinks
    rule_scene(people, rules_doc)
    got = people.client(people.viewer).get("/api/cep/scenes/rules/rules/")
    assert got.status_code == 200, got.content
    body = got.json()
    assert body["version"] == 1 and body["problems"] == []
    [rule] = body["rules"]
    assert rule["id"] == "clicks" and rule["rule"]["group_by"] == "attributes.category"
    assert rule["test_context"]["match"]["pattern"] == rule["fingerprint"]
    assert [(w["code"], w["node"]) for w in body["warnings"]] == [("same_pattern", "twin")]
    recommend = people.client(people.viewer).get("/api/cep/scenes/feed/rules/")
    assert recommend.status_code == 409 and recommend.json()["errors"][0]["code"] == "not_rules"
    assert people.client(people.viewer).get("/api/cep/scenes/nope/rules/").status_code == 404


def test_recommend_refuses_a_rule_scene(people: Personas, cep_redis: redis.Redis) -> None:
    rule_scene(people, count_rule("seen"))
    response = people.client(people.viewer).post("/api/scenes/rules/recommend/",
                                                  {"unit_id": "u1"}, format="json")
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "rules_scene"


def test_the_kind_is_set_when_a_scene_is_made_and_never_changes(people: Personas) -> None:
    admin = people.client(people.admin)
    made = admin.post("/api/scenes/", {"slug": "alerts", "name": "Alerts", "kind": "rules"},
                      format="json")
    assert made.status_code == 201, made.content
    assert made.json()["kind"] == "rules"
    changed = admin.patch("/api/scenes/alerts/", {"kind": "recommend"}, format="json")
    assert changed.status_code == 400 and changed.json()["errors"][0]["field"] == "kind"
    wrong = admin.post("/api/scenes/", {"slug": "x", "name": "X", "kind": "cron"},
                       format="json")
    assert wrong.status_code == 400 and wrong.json()["errors"][0]["field"] == "kind"
    assert admin.get("/api/scenes/alerts/").json()["kind"] == "rules"


def test_a_bad_predicate_is_a_structured_validation_problem(people: Personas) -> None:
    document = count_rule("seen")
    document["nodes"][0]["params"]["step"]["where"] = "event.attributes.price >"
    document["nodes"][1]["params"]["label"] = ""
    response = people.client(people.viewer).post("/api/graphs/validate/",
                                                  {"document": document}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["valid"] is False
    by_node = {e["node"]: e for e in body["errors"]}
    assert set(by_node) == {"clicks", "keep"}
    assert "invalid CEL expression" in by_node["clicks"]["message"]
    assert by_node["clicks"]["field"].startswith("params.step")
    unknown = count_rule("seen")
    unknown["nodes"][0]["params"]["step"]["type"] = "purchase"
    errors = people.client(people.viewer).post("/api/graphs/validate/",
                                               {"document": unknown},
                                               format="json").json()["errors"]
    assert errors[0]["node"] == "clicks" and "'click'" in errors[0]["message"]
