"""Graphs and versions over HTTP. Writes use optimistic concurrency: PUT/PATCH must send
If-Match with the graph's ETag; a stale one gets 412 and the server's current graph."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import ProtectedError
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from graphengine import kv
from webapp.core.errors import error_response, problem
from webapp.graphs import logic
from webapp.graphs.models import Graph, GraphVersion
from webapp.graphs.serializers import (
    GraphListSerializer,
    GraphSerializer,
    ImportKvSerializer,
    SnapshotSerializer,
    ValidateSerializer,
    VersionSerializer,
)

_ETAG = re.compile(r'^\s*(?:W/)?"?(\d+)\.(\d+)"?\s*$')


def _if_match(request: Request, graph: Graph) -> int | Response:
    """The revision the client edited, or the error response to send."""
    header = request.headers.get("If-Match")
    if not header:
        return error_response([problem("precondition_required",
                                       "send If-Match with the graph's ETag")], 428)
    match = _ETAG.match(header)
    if not match or int(match.group(1)) != graph.pk:
        return error_response([problem("bad_etag", f"If-Match {header!r} is not an ETag "
                                                   f"of graph {graph.pk}")], 412,
                              current=GraphSerializer(graph).data)
    return int(match.group(2))


class GraphViewSet(viewsets.ModelViewSet):
    queryset = Graph.objects.select_related("created_by", "updated_by")
    serializer_class = GraphSerializer
    read_actions = ("validate",)
    filterset_fields = ["valid", "name"]

    def get_serializer_class(self) -> Any:
        return GraphListSerializer if self.action == "list" else GraphSerializer

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        graph = self.get_object()
        if request.headers.get("If-None-Match") == graph.etag:
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": graph.etag})
        return Response(GraphSerializer(graph).data, headers={"ETag": graph.etag})

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = GraphSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        graph = logic.create_graph(request.user, serializer.validated_data["document"],
                                   serializer.validated_data.get("description", ""))
        return Response(GraphSerializer(graph).data, status=201, headers={"ETag": graph.etag})

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        graph = self.get_object()
        revision = _if_match(request, graph)
        if isinstance(revision, Response):
            return revision
        partial = kwargs.get("partial", False)
        serializer = GraphSerializer(graph, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        changes = {k: v for k, v in serializer.validated_data.items()
                   if k in ("document", "description")}
        if not partial and "document" not in changes:
            raise ValidationError({"document": ["This field is required."]})
        try:
            graph = logic.update_graph(graph.pk, revision, request.user, changes)
        except logic.StaleRevision as stale:
            return error_response(
                [problem("stale_revision", f"the graph changed on the server (now revision "
                                           f"{stale.current.revision}); reload or save "
                                           "your copy as the next revision")],
                412, current=GraphSerializer(stale.current).data)
        return Response(GraphSerializer(graph).data, headers={"ETag": graph.etag})

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        graph = self.get_object()
        if request.headers.get("If-Match"):
            revision = _if_match(request, graph)
            if isinstance(revision, Response):
                return revision
            if revision != graph.revision:
                return error_response([problem("stale_revision", "the graph changed on the "
                                               "server; reload before deleting")], 412,
                                      current=GraphSerializer(graph).data)
        try:
            logic.delete_graph(graph, request.user)
        except ProtectedError:  # a scene serves one of its versions
            return error_response([problem(
                "in_production", "a scene serves a version of this graph; give the scene "
                "another production version before deleting the graph")], 409)
        return Response(status=204)

    @extend_schema(request=ValidateSerializer, responses=OpenApiTypes.OBJECT)
    @action(detail=False, methods=["post"])
    def validate(self, request: Request) -> Response:
        serializer = ValidateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        checked = logic.check_document(serializer.validated_data["document"])
        return Response({"valid": checked.valid, "errors": checked.errors,
                         "config_hash": checked.config_hash or None})

    @extend_schema(parameters=[OpenApiParameter("as", str, enum=["json", "text"])],
                   responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"], url_path="kv")
    def export_kv(self, request: Request, pk: str | None = None) -> Any:
        graph = self.get_object()
        try:
            mapping = logic.export_kv(graph)
        except logic.InvalidGraph as exc:
            return error_response(exc.errors)
        if request.query_params.get("as") == "text":
            return HttpResponse(kv.format_kv_text(mapping), content_type="text/plain")
        return Response({"kv": mapping, "config_hash": kv.config_hash(mapping)})

    @extend_schema(request=ImportKvSerializer, responses=GraphSerializer)
    @action(detail=False, methods=["post"], url_path="import-kv")
    def import_kv(self, request: Request) -> Response:
        serializer = ImportKvSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            graph = logic.import_kv(serializer.validated_data["kv"], request.user,
                                    serializer.validated_data["description"])
        except logic.InvalidGraph as exc:
            return error_response(exc.errors)
        return Response(GraphSerializer(graph).data, status=201, headers={"ETag": graph.etag})

    @extend_schema(request=SnapshotSerializer, responses=VersionSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def versions(self, request: Request, pk: str | None = None) -> Response:
        graph = self.get_object()
        if request.method == "GET":
            versions = graph.versions.select_related("author", "graph")
            return Response(VersionSerializer(versions, many=True).data)
        serializer = SnapshotSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            version = logic.snapshot(graph, request.user, serializer.validated_data["note"])
        except logic.InvalidGraph as exc:
            return error_response(exc.errors)
        return Response(VersionSerializer(version).data, status=201)


class VersionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     viewsets.GenericViewSet):
    """Versions are immutable: read them, compare them."""

    queryset = GraphVersion.objects.select_related("author", "graph")
    serializer_class = VersionSerializer
    filterset_fields = ["graph", "config_hash"]

    @extend_schema(parameters=[OpenApiParameter("against", int, required=True)],
                   responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def diff(self, request: Request, pk: str | None = None) -> Response:
        version = self.get_object()
        against = request.query_params.get("against", "")
        if not against.isdigit():
            return error_response([problem("bad_parameter", "?against=<version id> is "
                                           "required", field="against")])
        try:
            other = GraphVersion.objects.get(pk=int(against))
        except GraphVersion.DoesNotExist:
            raise NotFound(f"version {against} does not exist") from None
        return Response({"from": other.pk, "to": version.pk,
                         "diff": logic.diff_versions(other, version)})
