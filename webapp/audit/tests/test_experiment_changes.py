"""Traffic writes (layers, experiments, buckets) and production changes are recorded with
the changed fields; a refused write records nothing."""

from __future__ import annotations

from webapp.audit.models import AuditEntry
from webapp.conftest import Personas
from webapp.experiments import logic
from webapp.experiments.models import Experiment, Layer
from webapp.scenes.models import Scene


def draft(scene: Scene) -> Experiment:
    layer = logic.save_layer(Layer(scene=scene, name="R", slug="r", keys=["node.top.param.*"]))
    return logic.save_experiment(Experiment(layer=layer, name="exp"))


def test_start_and_stop_are_recorded(people: Personas, scene: Scene) -> None:
    experiment = draft(scene)
    client = people.client(people.author)
    bucket = client.post("/api/buckets/", {"experiment": experiment.pk, "name": "t",
                                           "start": 0, "end": 100}, format="json")
    assert bucket.status_code == 201
    assert client.post(f"/api/experiments/{experiment.pk}/start/").status_code == 200
    assert client.post(f"/api/experiments/{experiment.pk}/stop/").status_code == 200
    mine = AuditEntry.objects.filter(actor=people.author).exclude(action__startswith="graph.")
    actions = list(mine.values_list("action", flat=True))
    assert actions == ["experiment.stop", "experiment.start", "bucket.save"]
    stop = AuditEntry.objects.get(action="experiment.stop")
    assert stop.details == {"status": {"old": "running", "new": "stopped"}}
    assert AuditEntry.objects.get(action="bucket.save").details["end"] == {"old": None,
                                                                           "new": 100}


def test_an_edit_records_only_the_changed_fields(people: Personas, scene: Scene) -> None:
    experiment = draft(scene)
    response = people.client(people.author).patch(f"/api/experiments/{experiment.pk}/",
                                                  {"description": "why"}, format="json")
    assert response.status_code == 200
    entry = AuditEntry.objects.filter(action="experiment.save").first()
    assert entry is not None and entry.actor == people.author
    assert entry.details == {"description": {"old": "", "new": "why"}}


def test_an_invalid_bucket_records_nothing(people: Personas, scene: Scene) -> None:
    experiment = draft(scene)
    before = AuditEntry.objects.count()
    response = people.client(people.author).post(
        "/api/buckets/", {"experiment": experiment.pk, "name": "t", "start": 0, "end": 100,
                          "overrides": {"node.items.param.rows": "[]"}}, format="json")
    assert response.status_code == 400
    assert AuditEntry.objects.count() == before
