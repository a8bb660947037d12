"""The monitoring pages' numbers over HTTP; every role reads them.

GET /api/monitoring/latency/?scene=&version=&since=&step_s=   p50/p95/p99 per version, over time
GET /api/monitoring/nodes/?scene=&since=                      errors, timeouts, durations per node

`since` is an ISO 8601 time or a span back from now ("30m", "6h", "7d"); by default 24h.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from webapp.core.errors import Refusal, problem
from webapp.monitoring import stats
from webapp.monitoring.api import SCENE
from webapp.scenes.models import Scene

SPAN = re.compile(r"^(\d{1,6})([mhd])$")
UNITS = {"m": 60, "h": 3600, "d": 86400}
MAX_SPAN = timedelta(days=90)
MIN_STEP_S, MAX_STEP_S = 10, 86_400
MAX_POINTS = 2_000  # per series: more would not fit a chart's width anyway
TARGET_POINTS = 120  # the default step aims at about this many points


def _bad(field: str, message: str) -> Refusal:
    return Refusal([problem("invalid", message, field=field)])


def _scene(request: Request) -> Scene:
    slug = request.query_params.get("scene")
    if not slug:
        raise _bad("scene", "scene is required (a scene's slug)")
    if not SCENE.match(slug):
        raise _bad("scene", f"'{slug[:80]}' is not a valid scene slug")
    found = Scene.objects.filter(slug=slug).first()
    if found is None:
        raise Refusal([problem("not_found", f"there is no scene '{slug}'", field="scene")], 404)
    return found


def _since(request: Request, now: datetime) -> datetime:
    text = request.query_params.get("since") or "24h"
    span = SPAN.match(text)
    if span:
        since = now - timedelta(seconds=int(span[1]) * UNITS[span[2]])
    else:
        try:
            # A "+01:00" offset left unescaped in a URL arrives as " 01:00".
            since = datetime.fromisoformat(text.replace(" ", "+"))
        except ValueError:
            raise _bad("since", f"since must be an ISO 8601 time or a span such as 30m, 6h "
                                f"or 7d, not '{text[:80]}'") from None
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
    if since > now:
        raise _bad("since", "since is in the future")
    if now - since > MAX_SPAN:
        raise _bad("since", f"since goes back more than {MAX_SPAN.days} days")
    return since


def _int(request: Request, field: str, low: int, high: int) -> int | None:
    text = request.query_params.get(field)
    if text is None or text == "":
        return None
    if not (text.isascii() and text.isdigit() and len(text) <= 12) or not low <= int(text) <= high:
        raise _bad(field, f"{field} must be a whole number from {low} to {high}, "
                          f"not '{text[:80]}'")
    return int(text)


def _step(request: Request, span_s: float) -> int:
    step = _int(request, "step_s", MIN_STEP_S, MAX_STEP_S)
    if step is None:  # a round minute count near span / TARGET_POINTS
        return max(60, math.ceil(span_s / TARGET_POINTS / 60) * 60)
    if span_s / step > MAX_POINTS:
        raise _bad("step_s", f"step_s {step} gives more than {MAX_POINTS} points over the "
                             f"window: use a larger step or a later since")
    return step


SCENE_PARAM = OpenApiParameter("scene", str, required=True, description="The scene's slug")
SINCE_PARAM = OpenApiParameter("since", str, description="ISO 8601 time or 30m / 6h / 7d")


class LatencyStats(APIView):
    """Latency quantiles, requests, error and timeout rates of a scene's served runs."""

    @extend_schema(parameters=[SCENE_PARAM, SINCE_PARAM,
                               OpenApiParameter("version", int, description="Only this "
                                                "graph version (id)"),
                               OpenApiParameter("step_s", int, description="Seconds per "
                                                "point (10 to 86400)")],
                   responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        scene = _scene(request)
        now = timezone.now()
        since = _since(request, now)
        version = _int(request, "version", 1, 2**31 - 1)
        step = _step(request, (now - since).total_seconds())
        return Response(stats.latency(scene, since, step, version))


class NodeStats(APIView):
    """Per node of a scene: runs seen, errors, timeouts and durations, worst first."""

    @extend_schema(parameters=[SCENE_PARAM, SINCE_PARAM], responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        scene = _scene(request)
        since = _since(request, timezone.now())
        return Response(stats.nodes(scene, since))

