from django.contrib import admin

from webapp.scenes.models import Scene


@admin.register(Scene)
class SceneAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "production_version", "updated_at"]
