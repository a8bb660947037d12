"""Read-only in the admin: every write must pass logic.py's rules and bump the scene's
traffic revision, which the admin's forms would skip."""

from typing import Any

from django.contrib import admin

from webapp.experiments.models import Bucket, Experiment, Layer


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Layer)
class LayerAdmin(_ReadOnly):
    list_display = ["slug", "scene", "name", "keys"]


@admin.register(Experiment)
class ExperimentAdmin(_ReadOnly):
    list_display = ["name", "layer", "status", "started_at"]
    list_filter = ["status"]


@admin.register(Bucket)
class BucketAdmin(_ReadOnly):
    list_display = ["name", "experiment", "start", "end"]
