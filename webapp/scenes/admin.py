from django.contrib import admin

from webapp.scenes.models import Scene


@admin.register(Scene)
class SceneAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "production_version", "updated_at"]

    # A production version changes only through an approved rollout or the kill switch,
    # a new scene's first one included.
    readonly_fields = ["production_version"]
