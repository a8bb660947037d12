"""Use cases of rule scenes: match consumed events, tick absences, fire matches.

Each unit is on the rule graph its traffic resolves to, exactly as a recommendation would
be served (`experiments.resolve`: the production version, a live rollout's canary or
control arm, experiment buckets). Per (scene, merged config hash) a process keeps the
compiled plan (the engine's cache) and a `RuleSet`: the pattern nodes as matcher rules,
their state in Redis under `cep:<scene>:` shared by every worker.

A match fires once: the matcher remembers fired ids (a day) and `Match.match_id` is
unique. Firing runs the rule graph with the match in its context, so only that pattern's
actions run, and records a served `Run` (with the rollout and arm: the guardrails compare
canary and control of rule scenes from these too) and a `Match` row. A worker dying
between detection and the Match row loses that match (at most once, never twice).
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from graphengine import GraphError, RunResult
from operators import Context, Dataset
from operators.behaviour.event import Event
from webapp.cep import ruleset
from webapp.cep import simulate as simulation
from webapp.cep.host import ActionHost, jsonable
from webapp.cep.matcher import Match
from webapp.cep.models import Match as MatchRow
from webapp.cep.operators import PATTERNS
from webapp.cep.redis_store import RedisStore
from webapp.cep.ruleset import RuleSet
from webapp.cep.store import MemoryStore, wall_ms
from webapp.core import engine, redis_client
from webapp.core.errors import Refusal, problem
from webapp.events import logic as events_logic
from webapp.experiments import logic as experiments
from webapp.experiments.traffic import Resolution
from webapp.graphs import logic as graphs
from webapp.monitoring import breakers, metrics
from webapp.runs.models import Run
from webapp.scenes.models import Scene

log = logging.getLogger(__name__)
TICK_LIMIT = 10_000  # due (unit, rule) pairs one tick handles per scene
_CACHE_SIZE = 256

_lock = threading.Lock()
_rulesets: dict[tuple[Any, ...], RuleSet] = {}
_redis = redis_client.client


def prefix(scene: Scene) -> str:
    return f"{settings.LOOM_CEP_PREFIX}{scene.slug}"


def store(scene: Scene) -> RedisStore:
    return RedisStore(_redis(), prefix=prefix(scene))


def rules_scenes() -> list[Scene]:
    return list(Scene.objects.filter(kind=Scene.Kind.RULES).select_related(
        "production_version", "traffic_revision"))


def ruleset_for(scene: Scene, traffic: Resolution) -> RuleSet:
    """The compiled rules of a merged config, cached per process like compiled graphs."""
    # The pid: a rule set holds a Redis client, which must not cross a fork.
    key = (scene.slug, traffic.config_hash, settings.REDIS_URL, os.getpid())
    found = _rulesets.get(key)
    if found is not None:
        return found
    try:
        built = ruleset.build(engine.compile_kv(traffic.kv), store(scene))
    except GraphError as exc:
        built = ruleset.broken(traffic.config_hash, exc.to_list(), store(scene))
    if built.problems:
        log.warning("cep: scene %s config %s has no usable rules: %s", scene.slug,
                    traffic.config_hash[:12], built.problems)
    with _lock:
        if len(_rulesets) >= _CACHE_SIZE:
            _rulesets.clear()
        return _rulesets.setdefault(key, built)


def _resolve(scene: Scene, unit_id: str) -> Resolution | None:
    try:
        return experiments.resolve(scene, unit_id)
    except Refusal:  # no production version, and the unit is not in a first canary
        return None


# -- events in ------------------------------------------------------------------------------


def process_events(events: Sequence[Event]) -> Counter[str]:
    """The events handler's work (LOOM_EVENTS_HANDLERS): every rule scene sees the batch."""
    stats: Counter[str] = Counter()
    scenes = rules_scenes()
    if not scenes or not events:
        return stats
    targets = _recommend_scenes()
    for scene in scenes:
        stats += _process_scene(scene, events, targets)
    return stats


def _process_scene(scene: Scene, events: Sequence[Event], targets: set[str]) -> Counter[str]:
    stats: Counter[str] = Counter()
    by_unit: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        by_unit[event.unit_id].append(event)
    groups: dict[str, tuple[RuleSet, list[Event]]] = {}
    traffic: dict[str, Resolution] = {}
    for unit_id, unit_events in by_unit.items():
        resolution = _resolve(scene, unit_id)
        if resolution is None:
            continue
        traffic[unit_id] = resolution
        rules = ruleset_for(scene, resolution)
        groups.setdefault(rules.config_hash, (rules, []))[1].extend(unit_events)
    for rules, group in groups.values():
        if not rules.rules:
            continue
        relevant = [e for e in group if e.type.value in rules.event_types]
        _keep_events(scene, rules, relevant)
        found = rules.matcher.process_many(relevant)
        stats["events"] += len(relevant)
        known = {e.id: e for e in relevant}
        for match in found:
            stats[_fire(scene, rules, traffic[match.unit_id], match, targets, known)] += 1
    return stats


def _event_key(scene: Scene, unit_id: str, event_id: str) -> str:
    return f"{prefix(scene)}:{{{unit_id}}}:ev:{event_id}"


def _keep_events(scene: Scene, rules: RuleSet, events: Iterable[Event]) -> None:
    """Events that may join a match are kept while they may, so that a match found later
    (a tick, a later batch) can hand its actions the events themselves, not only ids."""
    pipe = _redis().pipeline(transaction=False)
    for event in events:
        pipe.set(_event_key(scene, event.unit_id, event.id), event.model_dump_json(),
                 px=rules.horizon_ms)
    pipe.execute()


def _events_of(scene: Scene, match: Match, known: dict[str, Event]) -> list[dict[str, Any]]:
    missing = [i for i in match.event_ids if i not in known]
    stored = dict(zip(missing, _redis().mget([_event_key(scene, match.unit_id, i)
                                              for i in missing]), strict=True)) \
        if missing else {}
    out = []
    for event_id in match.event_ids:
        if event_id in known:
            out.append(known[event_id].model_dump(mode="json"))
        elif stored.get(event_id):
            out.append(json.loads(stored[event_id]))
        else:  # expired: the id is all there is
            out.append({"id": event_id, "unit_id": match.unit_id})
    return out


# -- the tick -------------------------------------------------------------------------------


def tick(now_ms: int | None = None) -> Counter[str]:
    """Beat's processing-time tick: absences whose deadline passed, pending events. Each
    due unit goes to the matcher of the rules it is on now (a unit whose rules changed
    has its old entries cleared)."""
    now = wall_ms() if now_ms is None else now_ms
    stats: Counter[str] = Counter()
    scenes = rules_scenes()
    targets = _recommend_scenes() if scenes else set()
    for scene in scenes:
        due = store(scene).due(now, TICK_LIMIT)
        if not due:
            continue
        groups: dict[str, tuple[RuleSet, list[tuple[str, str]]]] = {}
        traffic: dict[str, Resolution] = {}
        for unit_id, slot in due:
            resolution = traffic.get(unit_id) or _resolve(scene, unit_id)
            if resolution is None:
                rules = ruleset.broken("", [], store(scene))  # clears the unit's entries
            else:
                traffic[unit_id] = resolution
                rules = ruleset_for(scene, resolution)
            groups.setdefault(rules.config_hash, (rules, []))[1].append((unit_id, slot))
        for rules, pairs in groups.values():
            for match in rules.matcher.advance_due(pairs, now):
                stats[_fire(scene, rules, traffic[match.unit_id], match, targets, {})] += 1
        stats["due"] += len(due)
    return stats


# -- firing ---------------------------------------------------------------------------------


def _recommend_scenes() -> set[str]:
    return set(Scene.objects.filter(kind=Scene.Kind.RECOMMEND).values_list("slug", flat=True))


def _fire(scene: Scene, rules: RuleSet, traffic: Resolution, match: Match,
          targets: set[str], known: dict[str, Event]) -> str:
    """Run the rule graph for one match; returns what happened (a stats key)."""
    events = _events_of(scene, match, known)
    context = ruleset.match_context(scene.slug, rules, match, events)
    if not rules.patterns[match.rule_id].in_segment(Context(context)):
        return "out_of_segment"
    rollout = traffic.rollout or {}
    try:
        with transaction.atomic():
            row = MatchRow.objects.create(
                match_id=match.id, scene=scene, version_id=traffic.version_id,
                config_hash=traffic.config_hash, rollout_id=rollout.get("rollout"),
                arm=rollout.get("arm", ""), rule=match.rule_id, kind=match.kind,
                unit_id=match.unit_id, key=match.key or "", event_ids=list(match.event_ids),
                match_ts=match.match_ts, detected_at=timezone.now())
    except IntegrityError:
        return "refired"  # another worker, or a redelivered batch, recorded it first
    host = ActionHost(targets)
    run = Run(kind=Run.Kind.SERVE, scene=scene, version_id=traffic.version_id,
              config_hash=traffic.config_hash, unit_id=match.unit_id,
              overrides=dict(traffic.overrides), assignment=traffic.assignment,
              rollout_id=rollout.get("rollout"), arm=rollout.get("arm", ""),
              context=jsonable(context), created_at=timezone.now())
    assert rules.plan is not None  # a rule set with rules has its plan
    guard = breakers.board()
    resources = {**engine.resources(), "cep": host}
    result = engine.get_engine().run(rules.plan, context, resources=resources,
                                     run_id=str(run.pk), breakers=guard,
                                     scope=scene.slug if guard else None)
    _finish_run(run, result)
    metrics.observe_run(run, result)
    actions = action_outcomes(rules, result)
    status = result.status
    for outcome in _queue(host, actions).values():
        if outcome != "queued" and status == "ok":
            status = "degraded"
    MatchRow.objects.filter(pk=row.pk).update(status=status, actions=actions,
                                              records=host.records, run=run)
    return "fired"


def _queue(host: ActionHost, actions: dict[str, dict[str, Any]]) -> dict[str, str]:
    queued = host.queue_all()
    for outcome in actions.values():
        run_id = (outcome.get("output") or {}).get("run_id") \
            if isinstance(outcome.get("output"), dict) else None
        if run_id in queued:
            outcome["queue"] = queued[run_id]
    return queued


def action_outcomes(rules: RuleSet, result: RunResult) -> dict[str, dict[str, Any]]:
    """Per action node that did not stay skipped: its status and output or error."""
    out: dict[str, dict[str, Any]] = {}
    statuses, outputs, errors = result.node_status, result.outputs, result.errors
    assert rules.plan is not None
    for node in rules.plan.nodes:
        status = statuses.get(node.id)
        if node.operator.category != "action" or node.op_name == "action.done" \
                or status in (None, "skipped"):
            continue
        entry: dict[str, Any] = {"op": node.op_name, "status": status}
        if node.id in errors:
            entry["error"] = errors[node.id]
        elif node.id in outputs:
            entry["output"] = jsonable(outputs[node.id])
        out[node.id] = entry
    return out


def _finish_run(run: Run, result: RunResult) -> None:
    output = result.output
    run.status = result.status
    run.config_hash = result.graph_hash
    run.duration_us = result.duration_ns // 1000
    run.node_status = result.node_status
    run.items = jsonable(output.rows() if isinstance(output, Dataset) else output)
    run.trace = jsonable(result.trace) if result.status != "ok" else None
    run.errors = [{"code": str(result.node_status.get(node, "failed")), "node": node,
                   "field": None, "message": message}
                  for node, message in result.errors.items()]
    run.finished_at = timezone.now()
    run.save(force_insert=True)


# -- simulation -----------------------------------------------------------------------------


def simulate(document: Any, raw_events: list[Any], until_ms: int | None) -> dict[str, Any]:
    """A graph document (saved or not) over a list of events: see webapp.cep.simulate.
    Invalid events are a Refusal; a graph that does not validate reports its problems."""
    if len(raw_events) > simulation.MAX_EVENTS:
        raise Refusal([problem("too_many_events", f"At most {simulation.MAX_EVENTS:,} events "
                               f"per simulation (got {len(raw_events):,}).", field="events")])
    parsed, problems = events_logic.validate_events(raw_events)
    if problems:
        raise Refusal(events_logic.shortened(problems))
    checked = graphs.check_document(document)
    if checked.graph is None:
        return simulation.Simulation(ruleset.broken("", checked.errors,
                                                    MemoryStore())).to_dict()
    plan = engine.get_engine().compile(checked.graph)
    return simulation.simulate(plan, parsed, until_ms).to_dict()


# -- reading --------------------------------------------------------------------------------


def compiled_rules(scene: Scene) -> dict[str, Any]:
    """The rules of the scene's production version, with what is wrong with them."""
    if scene.kind != Scene.Kind.RULES:
        raise Refusal([{"code": "not_rules", "node": None, "field": None,
                        "message": f"scene '{scene.slug}' is not a rule set"}], 409)
    version = scene.production_version
    if version is None:
        return {"scene": scene.slug, "version": None, "graph_hash": None, "rules": [],
                "problems": [{"code": "no_production_version", "node": None, "field": None,
                              "message": "the scene has no production version yet"}],
                "warnings": []}
    rules = ruleset_for(scene, Resolution({}, version.kv, version.config_hash, {}, {},
                                          version.pk, None, version.number))
    return {"scene": scene.slug, "version": version.number, "graph_hash": version.config_hash,
            "rules": rules.describe(), "problems": rules.problems, "warnings": rules.warnings}


def kind_problems(scene: Scene, op_names: Iterable[str]) -> list[dict[str, Any]]:
    """Why a graph cannot serve this scene: a rule scene needs pattern nodes, and a pattern
    node in a recommend scene would never see a match."""
    patterns = {op.name for op in PATTERNS}
    found = sorted(patterns & set(op_names))
    if scene.kind == Scene.Kind.RULES and not found:
        return [problem("not_a_rule_graph", f"scene '{scene.slug}' is a rule set and this "
                        "graph has no pattern node (cep.sequence, cep.count, cep.absence): "
                        "it would never fire", field="version")]
    if scene.kind == Scene.Kind.RECOMMEND and found:
        return [problem("rule_graph", f"this graph has pattern nodes ({', '.join(found)}): "
                        f"it is a rule set, and scene '{scene.slug}' serves recommendations; "
                        "release it to a scene of kind 'rules'", field="version")]
    return []


def reset() -> None:
    """Forget the compiled rule sets (tests)."""
    with _lock:
        _rulesets.clear()
