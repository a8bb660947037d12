from typing import Any

from django.contrib import admin

from webapp.scenes.models import Scene


@admin.register(Scene)
class SceneAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "production_version", "updated_at"]

    def get_readonly_fields(self, request: Any, obj: Any = None) -> list[str]:
        # A production version changes only through an approved rollout or the kill switch.
        return ["production_version"] if obj is not None else []
