"""The `cep` resource rule graphs' actions call (webapp.cep.operators.CepHost), and what it
does once the graph has run.

Operators run inside the engine's event loop, where Django's ORM refuses to run; so
`action.record` and `action.run_graph` only note what they want here (run_graph picks its
run id up front, to return it) and the handler carries it out after the run, in plain sync
code: the records go into the Match row, the recommendations are queued.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from webapp.core.errors import Refusal, problem
from webapp.runs.models import Run
from webapp.scenes.models import Scene


def jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


@dataclass
class Queued:
    scene: str
    unit_id: str
    context: dict[str, Any]
    run_id: str


@dataclass
class ActionHost:
    """One per match. `scenes`: the recommend scenes' slugs (read once per batch), so an
    unknown target fails its node at once."""

    scenes: Collection[str]
    records: list[dict[str, Any]] = field(default_factory=list)
    queued: list[Queued] = field(default_factory=list)

    def record(self, label: str, data: Mapping[str, Any]) -> dict[str, Any]:
        self.records.append({"label": label, "data": jsonable(dict(data))})
        return {"label": label, "recorded": True}

    def run_graph(self, scene: str, unit_id: str, context: Mapping[str, Any]) -> str:
        if scene not in self.scenes:
            raise LookupError(f"no recommend scene '{scene}'")
        run_id = str(uuid.uuid4())
        self.queued.append(Queued(scene, unit_id, jsonable(dict(context)), run_id))
        return run_id

    def queue_all(self) -> dict[str, str]:
        """Queue what run_graph asked for: run id → "queued" or why it was refused."""
        outcome = {}
        for item in self.queued:
            try:
                queue_recommendation(item.scene, item.unit_id, item.context, item.run_id)
                outcome[item.run_id] = "queued"
            except (Refusal, Scene.DoesNotExist) as exc:
                outcome[item.run_id] = str(exc) or "refused"
        return outcome


class TrialHost(ActionHost):
    """The `cep` resource of an editor's test run: record shows what it would keep, and
    run_graph checks its target scene but queues nothing (there is no match to act on)."""

    NOT_QUEUED = "test run: not queued"

    def run_graph(self, scene: str, unit_id: str, context: Mapping[str, Any]) -> str:
        super().run_graph(scene, unit_id, context)
        return self.NOT_QUEUED

    @classmethod
    def for_plan(cls, op_names: Collection[str]) -> TrialHost | None:
        """A host when the graph has a node that needs one (its scenes read here: the
        operators run in the engine's loop, where the ORM may not)."""
        if not {"action.record", "action.run_graph"} & set(op_names):
            return None
        return cls(set(Scene.objects.filter(kind=Scene.Kind.RECOMMEND)
                       .values_list("slug", flat=True)))


def queue_recommendation(slug: str, unit_id: str, context: dict[str, Any],
                         run_id: str) -> Run:
    """A recommendation with its row written at once (the action returned its id before)
    and no deadline: nobody waits for the answer."""
    from webapp.runs import logic as runs  # runs.logic imports this module (TrialHost)

    scene = Scene.objects.select_related("production_version", "traffic_revision").get(
        slug=slug)
    if scene.kind != Scene.Kind.RECOMMEND:
        raise Refusal([problem("rules_scene", f"scene '{slug}' is a rule set, not a "
                               "recommend scene")], 409)
    return runs.start_recommendation(scene, unit_id, context, keep_row=True, run_id=run_id,
                                     deadline=False)
