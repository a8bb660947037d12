"""Read-only API of rule scenes; every role reads.

GET /api/cep/matches/ (?scene=<slug>&rule=&unit_id=&kind=&status=&arm=)   matches, newest first
GET /api/cep/matches/<id>/
GET /api/cep/scenes/<slug>/rules/   the production version's compiled rules and problems
"""

from __future__ import annotations

import django_filters
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from webapp.cep import logic
from webapp.cep.models import Match
from webapp.cep.serializers import MatchSerializer
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
