"""An editor's test run of a rule graph: with the context the rules API offers, the
pattern's actions run against a trial `cep` host that keeps and queues nothing."""

from __future__ import annotations

from typing import Any

from webapp.cep.host import TrialHost
from webapp.cep.operators import Pattern
from webapp.cep.tests.conftest import count_rule
from webapp.conftest import Personas, create_graph
from webapp.core import engine
from webapp.runs.models import Run
from webapp.scenes.models import Scene


def rules_with_run_graph() -> dict[str, Any]:
    doc = count_rule("seen")
    doc["nodes"] += [
        {"id": "feed", "op": "action.run_graph", "when": "clicks",
         "params": {"scene": "feed", "context": {"why": "match.rule_id"}}},
        {"id": "done", "op": "action.done", "inputs": {"results": ["keep", "feed"]}}]
    return doc


def test_a_test_run_fires_the_actions_without_queueing(people: Personas, scene: Scene) -> None:
    assert scene.slug == "feed" and scene.kind == Scene.Kind.RECOMMEND
    author = people.client(people.author)
    document = rules_with_run_graph()
    graph = create_graph(author, document)
    pattern = engine.get_engine().compile(document).nodes[0].operator
    assert isinstance(pattern, Pattern)
    fingerprint = pattern.fingerprint
    context = {"unit_id": "u1", "unit": {"id": "u1", "attributes": {}},
               "match": {"rule_id": "clicks", "pattern": fingerprint}}
    before = Run.objects.filter(kind=Run.Kind.SERVE).count()
    got = author.post(f"/api/graphs/{graph['id']}/test-run/", {"context": context},
                      format="json")
    assert got.status_code == 200, got.content
    out = got.json()
    assert out["node_status"] == {"clicks": "ok", "keep": "ok", "feed": "ok", "done": "ok"}
    assert out["output"] == [{"label": "seen", "recorded": True},
                             {"scene": "feed", "run_id": TrialHost.NOT_QUEUED}]
    assert Run.objects.filter(kind=Run.Kind.SERVE).count() == before
    # Another pattern's context: its actions are pruned, as in production.
    other = {**context, "match": {"rule_id": "x", "pattern": "0" * 16}}
    pruned = author.post(f"/api/graphs/{graph['id']}/test-run/", {"context": other},
                         format="json").json()
    assert pruned["node_status"]["keep"] == "skipped"
    assert pruned["node_status"]["feed"] == "skipped"
