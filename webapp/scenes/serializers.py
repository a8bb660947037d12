from __future__ import annotations

from typing import Any

from rest_framework import serializers

from webapp.graphs.models import GraphVersion
from webapp.scenes.models import Scene


class SceneSerializer(serializers.ModelSerializer):
    production_version = serializers.PrimaryKeyRelatedField(
        queryset=GraphVersion.objects.all(), allow_null=True, required=False)
    production_hash = serializers.CharField(source="production_version.config_hash",
                                            read_only=True, default=None)

    class Meta:
        model = Scene
        fields = ["id", "slug", "name", "description", "production_version", "production_hash",
                  "updated_at"]


class RecommendSerializer(serializers.Serializer):
    unit_id = serializers.CharField(max_length=200)
    context = serializers.JSONField(required=False, default=dict)

    def validate_context(self, value: Any) -> Any:
        if not isinstance(value, dict):
            raise serializers.ValidationError("context must be a JSON object")
        return value
