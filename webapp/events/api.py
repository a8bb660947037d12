"""Behaviour events over HTTP: editors and admins (sessions or tokens, e.g. a service's
token) send batches; every role reads the stream's state.

POST /api/events/   {"events": [...]} -> 202 {accepted, duplicates, backlog}; 429 + Retry-After
GET  /api/events/   the stream's backlog and consumer groups
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from webapp.core.errors import error_response
from webapp.events import logic
from webapp.events.serializers import (
    EventBatchSerializer,
    IngestedSerializer,
    StreamStatusSerializer,
)


class EventsView(APIView):
    @extend_schema(request=EventBatchSerializer, responses={
        202: IngestedSerializer,
        400: OpenApiResponse(OpenApiTypes.OBJECT, description="Invalid events, each named "
                             "by its index (events[3].ts); nothing was stored"),
        429: OpenApiResponse(OpenApiTypes.OBJECT, description="Too many events waiting; "
                             "nothing was stored; retry after Retry-After seconds")})
    def post(self, request: Request) -> Response:
        try:
            return Response(logic.ingest(request.data), status=202)
        except logic.Backpressure as exc:
            response = error_response(exc.problems, exc.status)
            response["Retry-After"] = str(exc.retry_after_s)
            return response

    @extend_schema(responses=StreamStatusSerializer)
    def get(self, request: Request) -> Response:
        return Response(logic.status())
