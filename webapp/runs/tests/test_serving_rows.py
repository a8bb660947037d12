"""A synchronous recommendation's row is written once, by its worker, from the task message;
a waiter that gives up, or a lost task, still leaves a row to poll."""

from __future__ import annotations

from typing import Any

import pytest

from webapp.monitoring import lost
from webapp.runs import logic, tasks
from webapp.runs.models import Run


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[list[Any]]:
    """The serving tasks' messages, not run (as if no worker had taken them yet): a batch's
    items each as a message of its own."""
    messages: list[list[Any]] = []
    monkeypatch.setattr(tasks.serve_recommendation, "apply_async",
                        lambda args, **_: messages.append(args))
    monkeypatch.setattr(tasks.serve_batch, "apply_async",
                        lambda args, **_: messages.extend(list(item) for item in args[0]))
    return messages


def test_the_web_writes_nothing_and_the_worker_writes_the_whole_row(
        scene: Any, sent: list[list[Any]]) -> None:
    run = logic.start_recommendation(scene, "u7", {"page": 2}, keep_row=False)
    assert not Run.objects.exists()
    [[run_id, spec]] = sent
    assert run_id == str(run.pk)

    outcome = logic.execute(run_id, spec)
    stored = Run.objects.select_related("version", "scene").get(pk=run_id)
    assert stored.status == "ok" and stored.items == [{"item_id": "a", "score": 1}]
    assert stored.kind == "serve" and stored.unit_id == "u7"
    assert stored.context == {"page": 2, "unit_id": "u7"}
    assert stored.version_id == scene.production_version_id
    assert stored.created_at == run.created_at <= stored.finished_at
    # The payload the worker posted is the one the stored row gives.
    assert outcome == logic.payload(stored)
    assert outcome["version"] == scene.production_version.number and outcome["scene"] == "feed"


def test_a_waiter_that_gives_up_leaves_a_queued_row_the_worker_then_finishes(
        scene: Any, sent: list[list[Any]]) -> None:
    run = logic.start_recommendation(scene, "u8", {}, keep_row=False)
    assert logic.wait(run, 0) is None
    assert Run.objects.get(pk=run.pk).status == "queued"

    [[run_id, spec]] = sent
    logic.execute(run_id, spec)
    assert Run.objects.count() == 1
    assert Run.objects.get(pk=run.pk).status == "ok"


def test_a_lost_task_is_recorded_from_its_message(scene: Any, sent: list[list[Any]]) -> None:
    logic.start_recommendation(scene, "u9", {}, keep_row=False)
    [[run_id, spec]] = sent
    assert lost.record_lost(run_id, "timeout", "expired", "too late", spec)
    run = Run.objects.get(pk=run_id)
    assert run.status == "timeout" and [e["code"] for e in run.errors] == ["expired"]
    assert run.unit_id == "u9" and run.version_id == scene.production_version_id


def test_a_task_lost_after_its_worker_finished_changes_nothing(
        scene: Any, sent: list[list[Any]]) -> None:
    logic.start_recommendation(scene, "u10", {}, keep_row=False)
    [[run_id, spec]] = sent
    logic.execute(run_id, spec)
    assert not lost.record_lost(run_id, "failed", "worker_lost", "gone", spec)
    assert Run.objects.get(pk=run_id).status == "ok"


def test_an_async_request_writes_its_row_at_once(scene: Any, sent: list[list[Any]]) -> None:
    run = logic.start_recommendation(scene, "u11", {}, keep_row=True)
    assert Run.objects.get(pk=run.pk).status == "queued"
    [[run_id]] = sent
    logic.execute(run_id)
    assert Run.objects.get(pk=run.pk).status == "ok"


def test_a_batch_runs_together_and_writes_every_row(scene: Any, sent: list[list[Any]]) -> None:
    runs = [logic.start_recommendation(scene, f"b{i}", {"i": i}, keep_row=False)
            for i in range(3)]
    assert [run_id for run_id, _ in sent] == [str(r.pk) for r in runs]
    logic.execute_batch([(run_id, spec) for run_id, spec in sent])
    stored = {str(r.pk): r for r in Run.objects.all()}
    assert set(stored) == {str(r.pk) for r in runs}
    assert {(r.unit_id, r.status, r.context["i"]) for r in stored.values()} == {
        ("b0", "ok", 0), ("b1", "ok", 1), ("b2", "ok", 2)}
    assert all(r.items == [{"item_id": "a", "score": 1}] for r in stored.values())


def test_a_lost_batch_records_each_of_its_runs(scene: Any, sent: list[list[Any]]) -> None:
    for i in range(2):
        logic.start_recommendation(scene, f"l{i}", {}, keep_row=False)
    args = [[list(item) for item in sent]]
    lost._task_failed(sender=tasks.serve_batch, args=args, exception=RuntimeError("boom"))
    assert sorted((r.unit_id, r.status) for r in Run.objects.all()) == [
        ("l0", "failed"), ("l1", "failed")]
