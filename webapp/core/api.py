"""Who is signed in, and what they may do: the editor shows or hides its write actions."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from webapp.core.roles import EDITOR, ROLES, has_role, roles_of


class MeView(APIView):
    @extend_schema(responses=inline_serializer("Me", {
        "username": serializers.CharField(), "roles": serializers.ListField(),
        "can_edit": serializers.BooleanField()}))
    def get(self, request: Request) -> Response:
        user = request.user
        return Response({"username": user.get_username(),
                         "roles": [r for r in ROLES if r in roles_of(user)],
                         "can_edit": has_role(user, EDITOR)})
