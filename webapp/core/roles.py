"""Roles are Django groups. Everyone signed in with a role can read; writing needs more."""

from __future__ import annotations

from typing import Any

VIEWER, EDITOR, APPROVER, ADMIN = "viewer", "editor", "approver", "admin"
ROLES = (VIEWER, EDITOR, APPROVER, ADMIN)


def roles_of(user: Any) -> set[str]:
    if not user or not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(ROLES)
    cached = getattr(user, "_loom_roles", None)
    if cached is None:
        cached = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        user._loom_roles = cached
    return set(cached)


def has_role(user: Any, *roles: str) -> bool:
    mine = roles_of(user)
    return ADMIN in mine or bool(mine & set(roles))
