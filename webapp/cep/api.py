"""API of rule scenes; every role reads, and may simulate (it writes nothing).

GET /api/cep/matches/ (?scene=<slug>&rule=&unit_id=&kind=&status=&arm=)   matches, newest first
GET /api/cep/matches/<id>/
GET /api/cep/scenes/<slug>/rules/   the production version's compiled rules and problems
POST /api/cep/simulate/             a graph document over a list of events (webapp.cep.simulate)
"""

from __future__ import annotations

import django_filters
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from webapp.cep import logic
from webapp.cep.models import Match
from webapp.cep.serializers import MatchSerializer, SimulateSerializer
from webapp.scenes.models import Scene


class MatchFilter(django_filters.FilterSet):
    scene = django_filters.CharFilter(field_name="scene__slug", max_length=64)
    rule = django_filters.CharFilter(max_length=64)
    unit_id = django_filters.CharFilter(max_length=200)

    class Meta:
        model = Match
        fields = ["scene", "rule", "unit_id", "kind", "status", "arm", "rollout"]


class MatchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Match.objects.select_related("scene", "version")
    serializer_class = MatchSerializer
    filterset_class = MatchFilter


class SceneRulesView(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, slug: str) -> Response:
        """The rules of a rule scene's production version: each pattern node as the matcher
        runs it (with a context that fires it in a test run), problems and warnings."""
        scene = get_object_or_404(Scene.objects.select_related("production_version"),
                                  slug=slug)
        return Response(logic.compiled_rules(scene))


class SimulateViewSet(viewsets.ViewSet):
    read_actions = ("simulate",)  # writes nothing: every role may simulate, as validate

    @extend_schema(request=SimulateSerializer, responses=OpenApiTypes.OBJECT)
    @action(detail=False, methods=["post"])
    def simulate(self, request: Request) -> Response:
        """Which rules of a graph document match a list of events, for which units, and
        which actions each match would run. Nothing is fired, sent or stored."""
        serializer = SimulateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        return Response(logic.simulate(data["document"], data["events"], data.get("until_ms")))
