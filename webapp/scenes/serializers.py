from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import serializers

from webapp.scenes import windows
from webapp.scenes.models import Scene


class SceneSerializer(serializers.ModelSerializer):
    """A scene's production version is read-only here: it changes only when an approved
    rollout completes, or through the kill switch (the rollouts app)."""

    production_hash = serializers.CharField(source="production_version.config_hash",
                                            read_only=True, default=None)
    production_number = serializers.IntegerField(source="production_version.number",
                                                 read_only=True, default=None)
    release_windows = serializers.JSONField(required=False)
    release_open = serializers.SerializerMethodField()

    class Meta:
        model = Scene
        fields = ["id", "slug", "name", "description", "kind", "production_version",
                  "production_hash",
                  "production_number", "release_windows", "release_timezone", "release_open",
                  "updated_at"]
        read_only_fields = ["production_version"]

    def validate_kind(self, value: str) -> str:
        # A version made for one kind means nothing to the other (a rule graph has no items).
        if self.instance is not None and value != self.instance.kind:
            raise serializers.ValidationError("the kind of a scene cannot change; make a new "
                                              "scene")
        return value

    def validate_release_windows(self, value: Any) -> Any:
        try:
            return [w.model_dump(mode="json") for w in windows.parse(value)]
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from None

    def validate_release_timezone(self, value: str) -> str:
        try:
            return windows.check_timezone(value)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from None

    def get_release_open(self, scene: Scene) -> bool:
        """Whether a rollout may start or advance right now."""
        return windows.is_open(scene.release_windows, scene.release_timezone, timezone.now())


class RecommendSerializer(serializers.Serializer):
    unit_id = serializers.CharField(max_length=200)
    context = serializers.JSONField(required=False, default=dict)

    def validate_context(self, value: Any) -> Any:
        if not isinstance(value, dict):
            raise serializers.ValidationError("context must be a JSON object")
        return value
