"""Sticky ramps: growing a range keeps everyone inside; the preview says who would move."""

from __future__ import annotations

from webapp.conftest import Personas
from webapp.experiments import logic
from webapp.experiments.models import Bucket
from webapp.experiments.tests.conftest import fresh, make_experiment, make_layer
from webapp.experiments.traffic import moved_slots
from webapp.scenes.models import Scene


def test_growing_a_range_keeps_all_previous_members(people: Personas, scene: Scene) -> None:
    layer = make_layer(scene, "ranking", ["node.top.param.*"])
    make_experiment(layer, "ramp", [("on", 0, 500, {"node.top.param.n": "2"})])
    units = [f"user-{i}" for i in range(3000)]
    current = fresh(scene)
    inside = {u for u in units if logic.resolve(current, u).assignment}
    assert 100 < len(inside) < 200  # ~5%
    bucket = Bucket.objects.get(name="on")
    for end in (1000, 2500, 5000):
        bucket.end = end
        logic.save_bucket(bucket)
        current = fresh(scene)
        now_inside = {u for u in units if logic.resolve(current, u).assignment}
        assert inside <= now_inside and len(now_inside) > len(inside)
        inside = now_inside


def test_preview_endpoint_reports_the_moved_share(people: Personas, scene: Scene) -> None:
    layer = make_layer(scene, "ranking", ["node.top.param.*"])
    make_experiment(layer, "ramp", [("a", 0, 1000, {}), ("b", 1000, 2000, {})])
    a = Bucket.objects.get(name="a")
    client = people.client(people.author)
    assert people.client(people.viewer).post(f"/api/buckets/{a.pk}/preview-range/", {
        "start": 0, "end": 10}, format="json").status_code == 403  # an editor's tool
    grow = client.post(f"/api/buckets/{a.pk}/preview-range/", {"start": 0, "end": 1000},
                       format="json").json()
    assert grow["moved_slots"] == 0 and grow["sticky"] is True
    shrink = client.post(f"/api/buckets/{a.pk}/preview-range/", {"start": 0, "end": 877},
                         format="json").json()
    assert shrink["moved_slots"] == 123 and shrink["moved_share"] == 0.0123
    assert shrink["sticky"] is False and shrink["leaving_slots"] == 123
    assert a.end == Bucket.objects.get(pk=a.pk).end  # nothing saved
    bad = client.post(f"/api/buckets/{a.pk}/preview-range/", {"start": 5, "end": 2},
                      format="json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "end"


def test_layer_preview_of_several_buckets(people: Personas, scene: Scene) -> None:
    layer = make_layer(scene, "ranking", ["node.top.param.*"])
    make_experiment(layer, "ramp", [("a", 0, 1000, {}), ("b", 1000, 2000, {})])
    a, b = Bucket.objects.get(name="a"), Bucket.objects.get(name="b")
    client = people.client(people.author)
    both_grow = client.post(f"/api/layers/{layer.pk}/preview-ranges/", {"ranges": [
        {"bucket": a.pk, "start": 0, "end": 1000}, {"bucket": b.pk, "start": 1000,
                                                    "end": 3000}]}, format="json").json()
    assert both_grow == {"moved_slots": 1000, "moved_share": 0.1, "leaving_slots": 0,
                         "joining_slots": 1000, "sticky": True, "live": True, "slots": 10_000}
    response = client.post(f"/api/layers/{layer.pk}/preview-ranges/", {"ranges": [
        {"bucket": 999_999, "start": 0, "end": 10}]}, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["code"] == "not_found"


def test_moving_a_range_moves_both_ends() -> None:
    shifted = moved_slots([(1, 0, 1000)], [(1, 500, 1500)])
    assert shifted["leaving_slots"] == 500 and shifted["joining_slots"] == 500
    swapped = moved_slots([(1, 0, 100), (2, 100, 200)], [(2, 0, 100), (1, 100, 200)])
    assert swapped["moved_slots"] == 200 and swapped["sticky"] is False
