from django.contrib import admin

from webapp.graphs.models import Graph, GraphVersion


@admin.register(Graph)
class GraphAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "valid", "revision", "updated_by", "updated_at"]
    search_fields = ["name"]
    readonly_fields = ["revision", "config_hash", "errors"]


@admin.register(GraphVersion)
class GraphVersionAdmin(admin.ModelAdmin):
    list_display = ["id", "graph", "number", "config_hash", "author", "created_at"]
    list_filter = ["graph"]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False  # versions are immutable
