from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from webapp.core.errors import error_response
from webapp.graphs.models import Graph
from webapp.runs import logic
from webapp.runs.models import Run
from webapp.runs.serializers import RunListSerializer, RunSerializer, TestRunSerializer


class RunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Run.objects.all()
    serializer_class = RunSerializer
    filterset_fields = ["kind", "status", "scene", "graph", "version", "config_hash"]

    def get_serializer_class(self) -> Any:
        return RunListSerializer if self.action == "list" else RunSerializer


class TestRunViewSet(viewsets.GenericViewSet):
    """POST /api/graphs/<id>/test-run/: queue the graph's head on a worker and wait for it
    (up to LOOM_TEST_RUN_TIMEOUT_S; past that, 202 and a run id to poll)."""

    queryset = Graph.objects.all()
    serializer_class = TestRunSerializer  # OPTIONS describes the request body from it
    read_actions = ("test_run",)

    @extend_schema(request=TestRunSerializer, responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["post"], url_path="test-run")
    def test_run(self, request: Request, pk: str | None = None) -> Response:
        graph = self.get_object()
        serializer = TestRunSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if not graph.valid:
            return error_response(graph.errors)
        run = logic.start_test_run(graph, request.user, serializer.validated_data["context"],
                                   serializer.validated_data["serial"])
        outcome = logic.wait(run, settings.LOOM_TEST_RUN_TIMEOUT_S)
        if outcome is None:
            return Response({"run_id": str(run.pk), "status": "queued"}, status=202)
        return Response(outcome)
