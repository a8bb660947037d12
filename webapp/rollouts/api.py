"""Rollouts over HTTP: thin viewset actions over logic.py (whose refusals become 4xx)."""

from __future__ import annotations

from typing import Any

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from webapp.core.errors import error_response, problem
from webapp.core.roles import APPROVER, EDITOR
from webapp.rollouts import guardrails, logic, replay
from webapp.rollouts.models import Replay, Rollout, State
from webapp.rollouts.serializers import (
    CommentSerializer,
    ReasonSerializer,
    ReplaySerializer,
    RolloutSerializer,
)


class RolloutFilter(django_filters.FilterSet):
    scene = django_filters.CharFilter(field_name="scene__slug")
    state = django_filters.ChoiceFilter(choices=State.choices)

    class Meta:
        model = Rollout
        fields = ["scene", "state", "version"]


def _body(serializer_class: type, request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class RolloutViewSet(viewsets.ModelViewSet):
    """Staged rollouts of graph versions. Reviewing needs an approver who neither made the
    version nor asked for its rollout; operating one needs an editor or an approver."""

    queryset = Rollout.objects.select_related("scene", "version", "base_version", "created_by",
                                              "reviewed_by")
    serializer_class = RolloutSerializer
    filterset_class = RolloutFilter
    write_roles = (EDITOR, APPROVER)
    action_roles = {"approve": (APPROVER,), "reject": (APPROVER,)}

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = logic.create(Rollout(**serializer.validated_data),
                                           self.request.user)

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = logic.update(serializer.instance, serializer.validated_data,
                                           self.request.user)

    def perform_destroy(self, instance: Rollout) -> None:
        logic.delete(instance, self.request.user)

    def _answer(self, rollout: Rollout) -> Response:
        rollout = self.get_queryset().get(pk=rollout.pk)
        return Response(self.get_serializer(rollout).data)

    @extend_schema(request=None, responses=RolloutSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(logic.submit(self.get_object(), request.user))

    @extend_schema(request=CommentSerializer, responses=RolloutSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        body = _body(CommentSerializer, request)
        return self._answer(logic.review(self.get_object(), request.user, True,
                                         body["comment"]))

    @extend_schema(request=CommentSerializer, responses=RolloutSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        body = _body(CommentSerializer, request)
        return self._answer(logic.review(self.get_object(), request.user, False,
                                         body["comment"]))

    @extend_schema(request=None, responses=RolloutSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(logic.start(self.get_object(), request.user))

    @extend_schema(request=None, responses=RolloutSerializer)
    @action(detail=True, methods=["post"])
    def advance(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(logic.advance(self.get_object(), request.user))

    @extend_schema(request=None, responses=RolloutSerializer)
    @action(detail=True, methods=["post"])
    def pause(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(logic.pause(self.get_object(), request.user))

    @extend_schema(request=None, responses=RolloutSerializer)
    @action(detail=True, methods=["post"])
    def resume(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(logic.resume(self.get_object(), request.user))

    @extend_schema(request=ReasonSerializer, responses=RolloutSerializer)
    @action(detail=True, methods=["post"])
    def rollback(self, request: Request, pk: str | None = None) -> Response:
        body = _body(ReasonSerializer, request)
        return self._answer(logic.roll_back(self.get_object(), request.user,
                                            body["reason"] or "rolled back by hand"))

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def guardrails(self, request: Request, pk: str | None = None) -> Response:
        """Canary against control now, with the thresholds and any breach in words."""
        verdict = guardrails.observe(self.get_object())
        return Response({"healthy": verdict.healthy, "breaches": verdict.breaches,
                         **verdict.numbers})

    @extend_schema(responses=OpenApiTypes.OBJECT,
                   parameters=[OpenApiParameter("step_s", int, description="seconds per point")])
    @action(detail=True, methods=["get"])
    def metrics(self, request: Request, pk: str | None = None) -> Response:
        """Canary and control per time step since the start, for the rollout page's charts."""
        raw = request.query_params.get("step_s", "60")
        step = int(raw) if raw.isdigit() and 1 <= int(raw) <= 86_400 else 60
        return Response({"step_s": step, "points": guardrails.series(self.get_object(), step)})

    @extend_schema(methods=["GET"], request=None, responses=ReplaySerializer)
    @extend_schema(methods=["POST"], request=None, responses={202: ReplaySerializer})
    @action(detail=True, methods=["get", "post"], url_path="replay")
    def replay(self, request: Request, pk: str | None = None) -> Response:
        """POST queues a replay of recorded requests (progress in `done` / `total`); GET
        returns the latest one."""
        rollout = self.get_object()
        if request.method == "POST":
            return Response(ReplaySerializer(replay.request(rollout, request.user)).data,
                            status=202)
        latest = Replay.objects.filter(rollout=rollout).first()
        if latest is None:
            return error_response([problem("not_found", "no replay was run for this rollout")],
                                  404)
        return Response(ReplaySerializer(latest).data)
