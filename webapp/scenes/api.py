from __future__ import annotations

from typing import Any

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from webapp.audit import logic as audit
from webapp.core.errors import error_response, problem
from webapp.core.roles import ADMIN
from webapp.experiments import logic as experiments
from webapp.experiments.serializers import AssignmentQuerySerializer
from webapp.runs import logic as runs
from webapp.scenes.models import Scene
from webapp.scenes.serializers import RecommendSerializer, SceneSerializer


class SceneViewSet(viewsets.ModelViewSet):
    """Scenes. Until staged rollouts arrive, only admins change a production version."""

    # traffic_revision: the key of the cached traffic config, read with the scene for free.
    queryset = Scene.objects.select_related("production_version", "traffic_revision")
    serializer_class = SceneSerializer
    lookup_field = "slug"
    read_actions = ("recommend",)

    @transaction.atomic
    def perform_update(self, serializer: Any) -> None:
        """A new production version must not break a running experiment's buckets."""
        scene = serializer.instance
        old = scene.production_version
        new = serializer.validated_data.get("production_version", old)
        if new != old:
            experiments.check_production_change(scene, new)
        serializer.save()
        if new != old:
            ids = {"old": old and old.pk, "new": new and new.pk}
            audit.record(self.request.user, "scene.production_version", scene,
                         f"{old} → {new}", {"production_version": ids})
    write_roles = (ADMIN,)

    @extend_schema(request=RecommendSerializer, responses=OpenApiTypes.OBJECT,
                   parameters=[OpenApiParameter("async", int, enum=[0, 1])])
    @action(detail=True, methods=["post"])
    def recommend(self, request: Request, slug: str | None = None) -> Any:
        scene = self.get_object()
        serializer = RecommendSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if scene.production_version is None:
            return error_response([problem("no_production_version",
                                           f"scene '{scene.slug}' has no production version")],
                                  409)
        run = runs.start_recommendation(scene, serializer.validated_data["unit_id"],
                                        serializer.validated_data["context"])
        if request.query_params.get("async") == "1":
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


