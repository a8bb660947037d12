"""Circuit breakers over HTTP: every role reads them; editors, approvers and admins reset.

GET  /api/breakers/?scene=&state=          state, counts, rates, opened_at, next trial
POST /api/breakers/<scene>/<node>/reset/   close one by hand (window and trials cleared)
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import redis
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from graphengine import Breakers
from graphengine.breaker import CLOSED, HALF_OPEN, OPEN
from webapp.audit import logic as audit
from webapp.core.errors import Refusal, problem
from webapp.core.roles import APPROVER, EDITOR
from webapp.monitoring import breakers
from webapp.scenes.models import Scene

SCENE = re.compile(r"^[-a-zA-Z0-9_]{1,64}$")  # a scene slug
NODE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")  # a node id (DESIGN §2)
STATES = (CLOSED, OPEN, HALF_OPEN)


def _iso(at: float | None) -> str | None:
    return None if at is None else datetime.fromtimestamp(at, UTC).isoformat()


def _check(value: str | None, pattern: re.Pattern[str], field: str) -> None:
    if value is not None and not pattern.match(value):
        raise Refusal([problem("invalid", f"'{value[:80]}' is not a valid {field}",
                               field=field)])


def _board() -> Breakers:
    found = breakers.board(even_if_disabled=True)
    assert found is not None
    return found


def _unavailable(exc: Exception) -> Refusal:
    return Refusal([problem("breaker_store_unavailable",
                            f"the breaker store (Redis) did not answer: {exc}")], 503)


def render(info: dict[str, Any]) -> dict[str, Any]:
    """A breaker as the API shows it: the scope is the scene; times are ISO 8601."""
    out = {"scene": info["scope"], **{k: v for k, v in info.items() if k != "scope"}}
    out["opened_at"] = _iso(info["opened_at"])
    out["next_trial_at"] = _iso(info["next_trial_at"])
    return out


class BreakerList(APIView):
    """Every node's circuit breaker, per scene (nodes that served traffic have one)."""

    @extend_schema(
        parameters=[OpenApiParameter("scene", str, description="Only this scene"),
                    OpenApiParameter("state", str, enum=list(STATES))],
        responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        scene = request.query_params.get("scene")
        state = request.query_params.get("state")
        _check(scene, SCENE, "scene")
        if state is not None and state not in STATES:
            raise Refusal([problem("invalid", f"state must be one of {', '.join(STATES)}",
                                   field="state")])
        board = _board()
        try:
            found = board.states(scene)
        except redis.RedisError as exc:
            raise _unavailable(exc) from None
        results = [render(i) for i in found if state is None or i["state"] == state]
        return Response({"enabled": breakers.enabled(), "config": board.config.to_dict(),
                         "count": len(results), "results": results})


class BreakerReset(APIView):
    """Close a breaker by hand, e.g. once the dependency behind the node is fixed."""

    write_roles = (EDITOR, APPROVER)  # and admins, who may do anything

    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def post(self, request: Request, slug: str, name: str) -> Response:
        scene, node = slug, name
        _check(scene, SCENE, "scene")
        _check(node, NODE, "node")
        board = _board()
        user = request.user
        try:
            t = board.reset(scene, node, f"reset by {user.get_username()}")
            info = next((i for i in board.states(scene) if i["node"] == node), None)
        except redis.RedisError as exc:
            raise _unavailable(exc) from None
        if t is None or info is None:
            raise Refusal([problem("not_found", f"scene '{scene}' has no breaker for node "
                                   f"'{node}'", node=node)], 404)
        found = Scene.objects.filter(slug=scene).first()
        if found is not None:
            audit.record(user, "breaker.reset", found, f"reset the breaker of node '{node}' "
                         f"(was {t.from_state})", {"node": node, "from": t.from_state})
        return Response({**render(info), "was": t.from_state})
