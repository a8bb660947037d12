from django.contrib import admin

from webapp.cep.models import Match


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = ["rule", "unit_id", "scene", "kind", "status", "arm", "detected_at"]
    list_filter = ["scene", "kind", "status", "arm"]
    search_fields = ["unit_id", "rule", "match_id"]
    readonly_fields = [f.name for f in Match._meta.fields]
