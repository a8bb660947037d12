"""Read-only in the admin: a rollout changes only through logic.py, where four eyes,
release windows, the audit log and the traffic revision are enforced."""

from django.contrib import admin

from webapp.core.admin import ReadOnlyAdmin
from webapp.rollouts.models import Replay, Rollout


@admin.register(Rollout)
class RolloutAdmin(ReadOnlyAdmin):
    list_display = ["id", "scene", "version", "state", "step_index", "created_by",
                    "reviewed_by", "created_at"]
    list_filter = ["state", "scene"]


@admin.register(Replay)
class ReplayAdmin(ReadOnlyAdmin):
    list_display = ["id", "rollout", "status", "done", "total", "created_at"]
