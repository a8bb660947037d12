"""Events in, matches out: the handler matches consumed batches against rule scenes, runs
only the fired pattern's actions (webhook, broadcast, record, run_graph) and records each
match and run once, whatever the delivery order or repetition."""

from __future__ import annotations

import json
import random
from typing import Any

import redis

from webapp.cep import logic
from webapp.cep.models import Match
from webapp.cep.tests.conftest import RECEIVED, count_rule, ev, now_ms, rule_scene
from webapp.conftest import Personas
from webapp.runs.models import Run
from webapp.scenes.models import Scene


def cart_and_purchase(hook_url: str) -> dict[str, Any]:
    """An absence (cart, no order within 1 s) → record + broadcast; a sequence (click then
    order of one item within a minute, events up to 5 s late) → webhook."""
    return {"schema": 1, "name": "shop_rules", "settings": {"output": "done"}, "nodes": [
        {"id": "abandoned", "op": "cep.absence",
         "params": {"step": {"type": "cart"}, "absent": {"type": "order"}, "within_ms": 1000,
                    "lateness_ms": 0}},
        {"id": "keep", "op": "action.record", "when": "abandoned",
         "params": {"label": "abandoned", "data": {"item": "event.item_id"}}},
        {"id": "notify", "op": "action.broadcast", "when": "abandoned",
         "params": {"target": "alerts:{unit_id}"}},
        {"id": "bought", "op": "cep.sequence",
         "params": {"steps": [{"type": "click"}, {"type": "order",
                                                  "where": "event.attributes.price > 10"}],
                    "within_ms": 60_000, "lateness_ms": 5000, "group_by": "item_id"}},
        {"id": "hook", "op": "action.webhook", "when": "bought",
         "params": {"url": hook_url + "/bought/{match.rule_id}"}},
        {"id": "done", "op": "action.done", "inputs": {"results": ["keep", "notify", "hook"]}},
    ]}


def test_an_absence_fires_on_the_tick_and_runs_only_its_actions(
        people: Personas, cep_redis: redis.Redis, hook_url: str) -> None:
    scene = rule_scene(people, cart_and_purchase(hook_url))
    t = now_ms() - 60_000
    logic.process_events([ev("c1", "cart", t, item="shoe", colour="red")])
    assert not Match.objects.exists()  # the hour of reckoning is the tick's
    stats = logic.tick()
    assert stats["fired"] == 1
    match = Match.objects.get()
    assert (match.scene, match.rule, match.kind, match.unit_id) == (scene, "abandoned",
                                                                    "absence", "u1")
    assert match.event_ids == ["c1"] and match.match_ts == t + 1000
    assert match.status == "ok" and set(match.actions) == {"keep", "notify"}
    assert match.records == [{"label": "abandoned", "data": {"item": "shoe"}}]
    [(_, fields)] = cep_redis.xrange("alerts:u1")
    sent = json.loads(fields["match"])
    assert sent["match"]["id"] == match.match_id
    assert sent["match"]["events"][0]["attributes"] == {"colour": "red"}
    assert RECEIVED == []  # the other rule's webhook did not run
    run = Run.objects.get(pk=match.run_id)
    assert (run.kind, run.scene, run.status, run.unit_id) == ("serve", scene, "ok", "u1")
    assert run.node_status["hook"] == "skipped" and run.node_status["keep"] == "ok"
    assert logic.tick()["fired"] == 0


def test_an_order_in_time_cancels_the_absence(people: Personas, cep_redis: redis.Redis,
                                              hook_url: str) -> None:
    rule_scene(people, cart_and_purchase(hook_url))
    t = now_ms() - 60_000
    logic.process_events([ev("c1", "cart", t), ev("o1", "order", t + 500, price=5)])
    logic.tick()
    assert not Match.objects.exists()


def test_duplicates_and_shuffled_redeliveries_fire_once(
        people: Personas, cep_redis: redis.Redis, hook_url: str) -> None:
    rule_scene(people, cart_and_purchase(hook_url))
    t = now_ms() - 60_000
    batch = [ev("k1", "click", t, item="x"), ev("k2", "click", t + 10, item="y"),
             ev("o1", "order", t + 100, item="x", price=20),
             ev("o2", "order", t + 200, item="y", price=3)]  # y: too cheap to count
    for _ in range(3):  # delivered again and again, in any order
        shuffled = random.Random(len(RECEIVED)).sample(batch, len(batch))
        logic.process_events(shuffled + shuffled[:2])
    logic.tick()
    logic.process_events(batch)
    logic.tick()
    match = Match.objects.get()
    assert (match.rule, match.key, match.event_ids) == ("bought", "x", ["k1", "o1"])
    assert match.actions["hook"]["status"] == "ok"
    [hit] = RECEIVED
    assert hit["path"] == "/bought/bought" and hit["key"] == match.match_id
    assert hit["body"]["match"]["event_ids"] == ["k1", "o1"]
    assert hit["body"]["unit_id"] == "u1" and hit["body"]["scene"] == "rules"


def test_a_segment_targets_some_units_only(people: Personas, cep_redis: redis.Redis) -> None:
    rule_scene(people, count_rule("new", segment='unit.attributes.segment == "new"'))
    t = now_ms()
    logic.process_events([ev("a1", "click", t, unit="new1", segment="new"),
                          ev("a2", "click", t + 1, unit="new1", segment="new"),
                          ev("b1", "click", t, unit="old1", segment="old"),
                          ev("b2", "click", t + 1, unit="old1", segment="old"),
                          ev("c1", "click", t, unit="anon"), ev("c2", "click", t + 1,
                                                                unit="anon")])
    assert list(Match.objects.values_list("unit_id", flat=True)) == ["new1"]


def test_run_graph_queues_a_recommendation_for_the_unit(
        people: Personas, cep_redis: redis.Redis, scene: Scene) -> None:
    document = count_rule("burst", group_by="attributes.category")
    document["nodes"].append({"id": "refresh", "op": "action.run_graph", "when": "clicks",
                              "params": {"scene": scene.slug,
                                         "context": {"category": "match.key"}}})
    document["nodes"].append({"id": "ghost", "op": "action.run_graph", "when": "clicks",
                              "optional": True, "params": {"scene": "nowhere"}})
    document["nodes"].append({"id": "done", "op": "action.done",
                              "inputs": {"results": ["keep", "refresh", "ghost"]}})
    rule_scene(people, document)
    t = now_ms()
    logic.process_events([ev("a1", "click", t, category="hats"),
                          ev("a2", "click", t + 1, category="hats")])
    match = Match.objects.get()
    refresh = match.actions["refresh"]
    assert refresh["status"] == "ok" and refresh["queue"] == "queued"
    run = Run.objects.get(pk=refresh["output"]["run_id"])  # Celery is eager in tests
    assert (run.scene, run.unit_id, run.status) == (scene, "u1", "ok")
    assert run.context["category"] == "hats" and run.context["match"]["rule_id"] == "clicks"
    assert match.actions["ghost"]["status"] == "failed"
    assert "no recommend scene 'nowhere'" in match.actions["ghost"]["error"]
    assert match.status == "degraded"


def test_scenes_without_a_usable_rule_graph_are_skipped(
        people: Personas, cep_redis: redis.Redis, scene: Scene) -> None:
    Scene.objects.create(slug="empty", name="Empty", kind=Scene.Kind.RULES)  # no version
    scene.kind = Scene.Kind.RULES  # a graph with no pattern node
    scene.save()
    t = now_ms()
    stats = logic.process_events([ev("a1", "click", t), ev("a2", "click", t + 1)])
    assert stats["fired"] == 0 and not Match.objects.exists()
    rules = logic.compiled_rules(scene)
    assert [p["code"] for p in rules["problems"]] == ["no_rules"]


def test_events_sent_over_http_match_in_the_consumer(people: Personas,
                                                     cep_redis: redis.Redis) -> None:
    from webapp.events import logic as events

    rule_scene(people, count_rule("burst"))
    t = now_ms()
    batch = [{"id": f"k{i}", "unit_id": "u5", "type": "click", "item_id": f"i{i}",
              "ts": t + i} for i in range(2)]
    sent = people.client(people.author).post("/api/events/", {"events": batch},
                                             format="json")
    assert sent.status_code == 202, sent.content
    assert events.consume()["read"] == 2
    match = Match.objects.get()
    assert (match.unit_id, match.event_ids) == ("u5", ["k0", "k1"])
    events.consume()
    assert Match.objects.count() == 1


def test_a_failing_action_fails_the_match_and_its_run(people: Personas,
                                                      cep_redis: redis.Redis) -> None:
    document = count_rule("burst")
    document["nodes"][1] = {"id": "hook", "op": "action.webhook", "when": "clicks",
                            "params": {"url": "http://127.0.0.1:1/nobody", "timeout_ms": 500}}
    rule_scene(people, document)
    t = now_ms()
    logic.process_events([ev("a1", "click", t), ev("a2", "click", t + 1)])
    match = Match.objects.get()
    assert match.status == "failed" and match.actions["hook"]["status"] == "failed"
    assert "cannot reach http://127.0.0.1:1/nobody" in match.actions["hook"]["error"]
    run = Run.objects.get(pk=match.run_id)
    assert run.status == "failed" and run.errors[0]["node"] == "hook"
