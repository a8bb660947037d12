from typing import Any

from django.contrib import admin

from webapp.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is written by the use cases, never by hand."""

    list_display = ["at", "actor", "action", "target_type", "target_label", "summary"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_label", "target_id", "actor__username"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
