"""Running graphs: queue a run, execute it in a worker, report it."""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from graphengine import Graph as EngineGraph
from graphengine import GraphError, RunResult, kv
from graphengine.recording import Tape
from operators import Dataset
from webapp.cep.host import TrialHost
from webapp.core import engine
from webapp.experiments import logic as experiments
from webapp.monitoring import breakers, metrics
from webapp.runs import batching, notices
from webapp.runs.models import Recording, Run

SAMPLE_ROWS = 20


def recommend_timeout() -> float:
    return float(settings.LOOM_RECOMMEND_TIMEOUT_S)


def start_test_run(graph: Any, user: Any, context: dict[str, Any], serial: bool) -> Run:
    """A test run of the graph's head as it is now (the document is copied into the run)."""
    from webapp.runs.tasks import execute_run

    run = Run.objects.create(kind=Run.Kind.TEST, graph=graph, graph_document=graph.document,
                             context=context, serial=serial, requested_by=user)
    execute_run.delay(str(run.pk))
    return run


def start_recommendation(scene: Any, unit_id: str, context: dict[str, Any],
                         keep_row: bool = True, run_id: str | None = None,
                         deadline: bool = True) -> Run:
    """Resolve the unit's traffic and queue the run on the serving queue. With `keep_row`
    (an `?async=1` request, whose client polls the row) the row is written now; otherwise
    the message carries everything the row needs and the worker writes it once, finished:
    one database write per request instead of an insert here, a read and an update there;
    and requests that arrive together share a message (batching.py; BENCHMARKS.md
    "Serving"). `run_id`: one the caller chose (a rule's action returns it before the row
    exists); without `deadline` (nobody waits) the task does not expire."""
    from webapp.runs.tasks import serve_recommendation

    traffic = experiments.resolve(scene, unit_id)
    rollout = traffic.rollout or {}
    chosen = {"id": run_id} if run_id else {}
    run = Run(**chosen, kind=Run.Kind.SERVE, scene=scene, version_id=traffic.version_id,
              config_hash=traffic.config_hash, unit_id=unit_id,
              overrides=dict(traffic.overrides), assignment=traffic.assignment,
              rollout_id=rollout.get("rollout"), arm=rollout.get("arm", ""),
              context={**context, "unit_id": unit_id}, created_at=timezone.now())
    if keep_row:
        run.save(force_insert=True)
        serve_recommendation.apply_async(args=[str(run.pk)],
                                         expires=recommend_timeout() if deadline else None)
    else:
        _serving_batcher().submit(str(run.pk), (str(run.pk),
                                                 _spec(run, traffic.version_number)))
    return run


def _serving_batcher() -> batching.Batcher:
    def publish(items: Sequence[Any]) -> None:
        from webapp.runs.tasks import serve_batch

        serve_batch.apply_async(args=[list(items)], expires=recommend_timeout())

    limit, window, hold_ms = (settings.LOOM_SERVE_BATCH_LIMIT, settings.LOOM_SERVE_BATCH_WINDOW,
                              settings.LOOM_SERVE_BATCH_HOLD_MS)
    return batching.per_process((limit, window, hold_ms), lambda: batching.Batcher(
        publish, limit, window, hold_ms / 1000))


def _spec(run: Run, version_number: int | None) -> dict[str, Any]:
    """A served run as its task message carries it (JSON)."""
    return {"scene": [run.scene_id, run.scene.slug], "version": [run.version_id, version_number],
            "config_hash": run.config_hash, "unit_id": run.unit_id, "overrides": run.overrides,
            "assignment": run.assignment, "rollout": run.rollout_id, "arm": run.arm,
            "context": run.context, "created_at": run.created_at.isoformat()}


def from_spec(run_id: str, spec: dict[str, Any]) -> Run:
    """The unsaved row of a served run from its message; the scene and version are stand-ins
    holding only what `payload` and the metrics read, so the worker reads no row."""
    from webapp.graphs.models import GraphVersion
    from webapp.scenes.models import Scene

    (scene_id, slug), (version_id, number) = spec["scene"], spec["version"]
    return Run(id=run_id, kind=Run.Kind.SERVE, scene=Scene(id=scene_id, slug=slug),
               version=GraphVersion(id=version_id, number=number) if version_id else None,
               config_hash=spec["config_hash"], unit_id=spec["unit_id"],
               overrides=spec["overrides"], assignment=spec["assignment"],
               rollout_id=spec["rollout"], arm=spec["arm"], context=spec["context"],
               created_at=datetime.fromisoformat(spec["created_at"]))


def keep_queued(run: Run) -> None:
    """A waiter gave up on a run whose row only its worker writes: write it as queued now,
    so that polling `/api/runs/<id>/` finds it (the worker's own write replaces it)."""
    if run._state.adding:
        Run.objects.bulk_create([run], ignore_conflicts=True)
        run._state.adding = False


def answered(run_id: str) -> None:
    """The caller of start_recommendation has its answer (or gave up waiting): the run's
    batch no longer holds a place in the batching window."""
    _serving_batcher().answered(run_id)


def wait(run: Run, timeout_s: float) -> dict[str, Any] | None:
    """The run's payload once a worker finished it, or None past the timeout."""
    outcome = notices.wait(str(run.pk), timeout_s)
    answered(str(run.pk))
    if outcome is not None:
        return outcome
    keep_queued(run)
    run.refresh_from_db()
    return payload(run) if run.status in Run.FINISHED else None


def execute(run_id: str, spec: dict[str, Any] | None = None) -> dict[str, Any]:
    """Worker side, idempotent: a finished run is reported, not run again. With `spec` (a
    served run whose row nobody wrote yet) the row is written once, when it is finished."""
    if spec is not None:
        run = from_spec(run_id, spec)
    else:
        run = Run.objects.select_related("version", "scene").defer(
            "version__document", "version__kv").get(pk=run_id)
        if run.status in Run.FINISHED:
            return payload(run)
    if run.kind == Run.Kind.TEST:  # a recommendation is over in milliseconds: spare a write
        Run.objects.filter(pk=run.pk).update(status=Run.Status.RUNNING)
    prepared = _prepare(run)
    if prepared is not None:
        job, guard = prepared
        _conclude(run, job, engine.run_many([job], guard)[0])
    return _posted(run)


def execute_batch(items: Sequence[tuple[str, dict[str, Any]]]) -> None:
    """Worker side of a batch of served recommendations (batching.py): their graphs run
    concurrently, their rows are written in one statement, then each waiter is told."""
    runs = [from_spec(run_id, spec) for run_id, spec in items]
    ready = [(run, p[0]) for run in runs if (p := _prepare(run)) is not None]
    results = engine.run_many([job for _, job in ready], breakers.board())
    for (run, job), result in zip(ready, results, strict=True):
        _conclude(run, job, result, write=False)
    _write_finished([run for run, _ in ready])
    for run in runs:
        _posted(run)


def _prepare(run: Run) -> tuple[engine.Job, Any] | None:
    """The run's job and circuit breakers, or None when its graph does not compile (the
    run is then finished as an error)."""
    # The version's document and KV are read only when this process has no compiled plan
    # for the run's hash yet (compile_hashed's loader).
    try:
        if run.version is not None:
            plan = engine.get_engine().compile_hashed(run.config_hash, lambda: _merged_kv(run))
        else:
            plan = engine.get_engine().compile(EngineGraph.from_dict(run.graph_document))
    except GraphError as exc:
        _finish(run, status=Run.Status.ERROR, errors=exc.to_list())
        metrics.observe_run(run, None)  # Prometheus (webapp/monitoring/metrics.py)
        return None
    # Circuit breakers (webapp.monitoring) guard served recommendations only: an editor's
    # test run of a draft must neither trip production's breakers nor be stopped by them.
    guard = breakers.board() if run.kind == Run.Kind.SERVE and run.scene else None
    trial = TrialHost.for_plan([n.op_name for n in plan.nodes]) \
        if run.kind == Run.Kind.TEST else None
    job = engine.Job(plan, run.context, str(run.pk), run.serial,
                     tape=Tape() if _records(run) else None,
                     scope=run.scene.slug if guard else None,
                     extra={"cep": trial} if trial else None)
    return job, guard


def _conclude(run: Run, job: engine.Job, result: RunResult, write: bool = True) -> None:
    _store(run, result, write)
    metrics.observe_run(run, result)  # Prometheus: ~µs, never raises (monitoring/metrics.py)
    if job.tape is not None and result.status in ("ok", "degraded"):
        _keep_recording(run, job.tape)


def _records(run: Run) -> bool:
    """A sample of production requests is recorded for rollouts' replay gate."""
    return run.kind == Run.Kind.SERVE and random.random() < settings.LOOM_REPLAY_RECORD_SAMPLE


def _keep_recording(run: Run, tape: Tape) -> None:
    Recording.objects.create(scene_id=run.scene_id, version_id=run.version_id,
                             config_hash=run.config_hash, overrides=run.overrides,
                             unit_id=run.unit_id, context=run.context, calls=tape.to_json(),
                             status=run.status, items=run.items, duration_us=run.duration_us)
    if random.random() < 0.02:  # now and then, drop what is past the scene's quota
        stale = Recording.objects.filter(scene_id=run.scene_id).order_by("-created_at")[
            settings.LOOM_REPLAY_KEEP:]
        Recording.objects.filter(pk__in=list(stale.values_list("pk", flat=True))).delete()


def _merged_kv(run: Run) -> dict[str, str]:
    from webapp.graphs.models import GraphVersion

    base = dict(GraphVersion.objects.values_list("kv", flat=True).get(pk=run.version_id))
    return kv.apply_overlay(base, run.overrides) if run.overrides else base


def _keeps_trace(run: Run, result: RunResult) -> bool:
    """Every test run and every recommendation that went wrong keeps its trace; of the good
    recommendations only a sample (LOOM_SERVE_TRACE_SAMPLE): storing each one's trace is a
    large share of a request's cost."""
    return (run.kind == Run.Kind.TEST or result.status != "ok"
            or random.random() < settings.LOOM_SERVE_TRACE_SAMPLE)


def _posted(run: Run) -> dict[str, Any]:
    outcome = payload(run)
    notices.post(str(run.pk), outcome)
    return outcome


def _store(run: Run, result: RunResult, write: bool = True) -> None:
    output = result.output
    items = _jsonable(output.rows() if isinstance(output, Dataset) else output)
    outputs = {node: _sample(value) for node, value in result.outputs.items()} \
        if run.kind == Run.Kind.TEST else {}
    _finish(run, write, status=result.status, config_hash=result.graph_hash,
            duration_us=result.duration_ns // 1000, node_status=result.node_status,
            trace=_jsonable(result.trace) if _keeps_trace(run, result) else None,
            outputs=outputs, items=items,
            errors=[_node_problem(result, node, message)
                    for node, message in result.errors.items()])


def _node_problem(result: RunResult, node: str, message: str) -> dict[str, Any]:
    # A list in the engine's order (the root cause first): a JSON object would not keep
    # its key order in PostgreSQL's jsonb.
    return {"code": str(result.node_status.get(node, "failed")), "node": node, "field": None,
            "message": message}


# What _store sets on a finished run: _write_finished writes these for a whole batch.
_FINISHED_FIELDS = ["status", "config_hash", "duration_us", "node_status", "trace", "outputs",
                    "items", "errors", "finished_at"]


def _finish(run: Run, write: bool = True, **fields: Any) -> None:
    fields["finished_at"] = timezone.now()
    for key, value in fields.items():
        setattr(run, key, value)
    if not write:
        return
    if run._state.adding:  # written whole; over the queued row a timed-out waiter left
        Run.objects.bulk_create([run], update_conflicts=True, unique_fields=["id"],
                                update_fields=list(fields))
        run._state.adding = False
    else:
        Run.objects.filter(pk=run.pk).update(**fields)


def _write_finished(runs: list[Run]) -> None:
    """New rows of finished served runs, in one statement (over any queued row a
    timed-out waiter left)."""
    if runs:
        Run.objects.bulk_create(runs, update_conflicts=True, unique_fields=["id"],
                                update_fields=_FINISHED_FIELDS)
        for run in runs:
            run._state.adding = False


def _sample(value: Any) -> dict[str, Any]:
    if isinstance(value, Dataset):
        rows = value.rows()
        return {"type": "Dataset", "rows": len(rows), "sample": _jsonable(rows[:SAMPLE_ROWS])}
    return {"type": type(value).__name__, "value": _jsonable(value)}


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def payload(run: Run) -> dict[str, Any]:
    """What the API returns for a finished (or pending) run."""
    base: dict[str, Any] = {"run_id": str(run.pk), "status": run.status,
                            "graph_hash": run.config_hash or None,
                            "duration_us": run.duration_us}
    if run.kind == Run.Kind.SERVE:
        base.update(items=run.items or [], assignment=run.assignment or {},
                    version=run.version.number if run.version else None,
                    scene=run.scene.slug if run.scene else None)
        if run.rollout_id is not None:
            base["rollout"] = {"rollout": run.rollout_id, "arm": run.arm}
    else:
        base.update(node_status=run.node_status, outputs=run.outputs, trace=run.trace,
                    output=run.items)
    if run.errors:
        base["errors"] = run.errors
    return base


def prune(days: int | None = None) -> int:
    """Retention: delete runs older than LOOM_RUN_RETENTION_DAYS."""
    keep = settings.LOOM_RUN_RETENTION_DAYS if days is None else days
    cutoff = timezone.now() - timedelta(days=keep)
    deleted, _ = Run.objects.filter(created_at__lt=cutoff).delete()
    return deleted
