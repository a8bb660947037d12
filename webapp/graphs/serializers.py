from __future__ import annotations

from typing import Any

from rest_framework import serializers

from webapp.graphs.models import Graph, GraphVersion


class GraphSerializer(serializers.ModelSerializer):
    etag = serializers.CharField(read_only=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True,
                                       default=None)
    updated_by = serializers.CharField(source="updated_by.username", read_only=True,
                                       default=None)
    document = serializers.JSONField()

    class Meta:
        model = Graph
        fields = ["id", "name", "description", "document", "valid", "errors", "config_hash",
                  "revision", "etag", "created_by", "updated_by", "created_at", "updated_at"]
        read_only_fields = ["name", "valid", "errors", "config_hash", "revision"]

    def validate_document(self, value: Any) -> Any:
        if not isinstance(value, dict):
            raise serializers.ValidationError("a graph document must be a JSON object")
        return value


class GraphListSerializer(GraphSerializer):
    class Meta(GraphSerializer.Meta):
        fields = ["id", "name", "description", "valid", "config_hash", "revision", "etag",
                  "updated_by", "updated_at"]


class VersionSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", read_only=True, default=None)
    graph_name = serializers.CharField(source="graph.name", read_only=True)

    class Meta:
        model = GraphVersion
        fields = ["id", "graph", "graph_name", "number", "note", "config_hash", "author",
                  "created_at", "document", "kv"]
        read_only_fields = fields


class SnapshotSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ValidateSerializer(serializers.Serializer):
    document = serializers.JSONField()


class ImportKvSerializer(serializers.Serializer):
    kv = serializers.JSONField(help_text="An object of string keys and values, or KV text")
    description = serializers.CharField(required=False, allow_blank=True, default="")
