from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from webapp.catalog import logic


class OperatorViewSet(viewsets.ViewSet):
    """Operators a graph can use, with their ports and parameter JSON Schema."""

    lookup_value_regex = r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+"
    lookup_field = "name"

    @extend_schema(
        operation_id="operators_list",
        parameters=[OpenApiParameter("category", str), OpenApiParameter("search", str)],
        responses=OpenApiTypes.OBJECT,
    )
    def list(self, request: Request) -> Response:
        entries = logic.list_operators(request.query_params.get("category"),
                                       request.query_params.get("search"))
        return Response({"count": len(entries), "categories": logic.categories(),
                         "results": entries})

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def retrieve(self, request: Request, name: str | None = None) -> Response:
        entry = logic.get_operator(name or "")
        if entry is None:
            raise NotFound(f"unknown operator '{name}'")
        return Response(entry)


    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def graphs(self, request: Request, name: str | None = None) -> Response:
        """The graphs that use this operator (scanning head documents: graphs are few)."""
        if logic.get_operator(name or "") is None:
            raise NotFound(f"unknown operator '{name}'")
        return Response(logic.graphs_using(name or ""))
