from django.contrib import admin

from webapp.runs.models import Run


@admin.register(Run)
class RunAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "status", "scene", "graph", "duration_us", "created_at"]
    list_filter = ["kind", "status", "scene"]
