"""The API's one permission rule, declared per view: reading needs any role; writing needs
one of the view's `write_roles` (editor by default). Actions listed in `read_actions`
(e.g. validate, test-run) only read, whatever their HTTP method; `action_roles` gives an
action its own write roles (e.g. approving a rollout needs an approver)."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission

from webapp.core.roles import EDITOR, ROLES, has_role


class RolePermission(BasePermission):
    message = "Your role does not allow this."

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        read_actions = getattr(view, "read_actions", ())
        if request.method in SAFE_METHODS or getattr(view, "action", None) in read_actions:
            return has_role(user, *ROLES)
        roles = getattr(view, "action_roles", {}).get(getattr(view, "action", None))
        return has_role(user, *(roles or getattr(view, "write_roles", (EDITOR,))))
