"""Recording changes in the audit log. Call `record` inside the transaction of the change,
so a refused or rolled-back write leaves no entry."""

from __future__ import annotations

from typing import Any

from django.db import models

from webapp.audit.models import AuditEntry

# Bookkeeping fields every save touches: noise in a diff.
_IGNORED = {"id", "created_at", "updated_at"}


def record(actor: Any, action: str, target: models.Model, summary: str = "",
           details: dict[str, Any] | None = None) -> AuditEntry:
    """`target` must still have its pk: record a deletion before deleting."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action, target_type=target._meta.label_lower, target_id=str(target.pk),
        target_label=str(target)[:200], summary=summary[:500], details=details or {})


def stored(instance: models.Model) -> models.Model | None:
    """The row as the database holds it, before an in-memory instance is saved."""
    if instance.pk is None:
        return None
    return type(instance)._default_manager.filter(pk=instance.pk).first()


def field_changes(before: models.Model | None, after: models.Model) -> dict[str, Any]:
    """{field: {"old", "new"}} of the concrete fields that differ (all of them on create)."""
    changes: dict[str, Any] = {}
    for field in after._meta.concrete_fields:
        if field.name in _IGNORED:
            continue
        old = field.value_from_object(before) if before is not None else None
        new = field.value_from_object(after)
        if before is None or old != new:
            changes[field.name] = {"old": old, "new": new}
    return changes


def record_save(actor: Any, action: str, before: models.Model | None,
                after: models.Model) -> AuditEntry:
    changes = field_changes(before, after)
    summary = "created" if before is None else (
        f"changed {', '.join(changes)}" if changes else "saved, no changes")
    return record(actor, action, after, summary, changes)
