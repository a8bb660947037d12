from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from webapp.audit import logic as audit
from webapp.core.errors import error_response, problem
from webapp.core.roles import ADMIN, APPROVER, EDITOR
from webapp.experiments import logic as experiments
from webapp.experiments.serializers import AssignmentQuerySerializer
from webapp.rollouts import logic as rollouts
from webapp.rollouts.serializers import ReasonSerializer, RolloutSerializer
from webapp.runs import logic as runs
from webapp.scenes.models import Scene
from webapp.scenes.serializers import RecommendSerializer, SceneSerializer


class SceneViewSet(viewsets.ModelViewSet):
    """Scenes. Admins manage them (release windows included); the production version
    changes only through an approved rollout (/api/rollouts/) or the kill switch."""

    # traffic_revision: the key of the cached traffic config, read with the scene for free.
    queryset = Scene.objects.select_related("production_version", "traffic_revision")
    serializer_class = SceneSerializer
    lookup_field = "slug"
    read_actions = ("recommend",)
    write_roles = (ADMIN,)
    action_roles = {"kill": (EDITOR, APPROVER)}

    def perform_create(self, serializer: Any) -> None:
        serializer.save()
        audit.record(self.request.user, "scene.create", serializer.instance, "created")

    def perform_update(self, serializer: Any) -> None:
        before = audit.stored(serializer.instance)
        serializer.save()
        audit.record_save(self.request.user, "scene.save", before, serializer.instance)

    @extend_schema(request=ReasonSerializer, responses=RolloutSerializer)
    @action(detail=True, methods=["post"])
    def kill(self, request: Request, slug: str | None = None) -> Any:
        """The kill switch: back to the last good version on the very next request (the
        live rollout is rolled back, or the one that put the current version in place)."""
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        rollout = rollouts.kill(self.get_object(), request.user, body.validated_data["reason"])
        return Response(RolloutSerializer(rollout, context={"request": request}).data)

    @extend_schema(request=RecommendSerializer, responses=OpenApiTypes.OBJECT,
                   parameters=[OpenApiParameter("async", int, enum=[0, 1])])
    @action(detail=True, methods=["post"])
    def recommend(self, request: Request, slug: str | None = None) -> Any:
        scene = self.get_object()
        if scene.kind == Scene.Kind.RULES:
            return error_response([problem(
                "rules_scene", f"scene '{scene.slug}' is a rule set: it runs on behaviour "
                "events (POST /api/events/), not on recommend requests")], 409)
        serializer = RecommendSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        queued = request.query_params.get("async") == "1"
        run = runs.start_recommendation(scene, serializer.validated_data["unit_id"],
                                        serializer.validated_data["context"], keep_row=queued)
        if queued:
            return Response({"run_id": str(run.pk), "status": run.status}, status=202)
        outcome = runs.wait(run, runs.recommend_timeout())
        if outcome is None:
            return error_response([problem("deadline", "no answer within the deadline; poll "
                                           f"/api/runs/{run.pk}/")], 504, run_id=str(run.pk))
        if outcome["status"] not in ("ok", "degraded"):
            problems = outcome.get("errors") or [problem(outcome["status"], "the run failed")]
            return error_response(problems, 503, run_id=outcome["run_id"], status=outcome["status"])
        return Response(outcome)

    @extend_schema(parameters=[AssignmentQuerySerializer], responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def assignment(self, request: Request, slug: str | None = None) -> Any:
        """The assignment checker: which bucket of each layer a unit falls in, the merged KV
        (with the layer that set each overridden key) and the merged graph's document."""
        scene = self.get_object()
        query = AssignmentQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(experiments.check_assignment(scene, query.validated_data["unit_id"]))


