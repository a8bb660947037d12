"""Read-only in the admin: every write must pass logic.py's rules and bump the scene's
traffic revision, which the admin's forms would skip."""

from django.contrib import admin

from webapp.core.admin import ReadOnlyAdmin
from webapp.experiments.models import Bucket, Experiment, Layer


@admin.register(Layer)
class LayerAdmin(ReadOnlyAdmin):
    list_display = ["slug", "scene", "name", "keys"]


@admin.register(Experiment)
class ExperimentAdmin(ReadOnlyAdmin):
    list_display = ["name", "layer", "status", "started_at"]
    list_filter = ["status"]


@admin.register(Bucket)
class BucketAdmin(ReadOnlyAdmin):
    list_display = ["name", "experiment", "start", "end"]
