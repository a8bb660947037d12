from __future__ import annotations

from typing import Any

from rest_framework import serializers

from webapp.experiments.models import Bucket, Experiment, Layer
from webapp.experiments.traffic import SLOTS
from webapp.scenes.models import Scene


class SceneSlugField(serializers.SlugRelatedField):
    """A scene named by slug. A NUL character is refused before the lookup: PostgreSQL
    cannot even compare text holding one (DRF checks this for CharField, not here)."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", ""))
        return super().to_internal_value(data)

class _CreateOnly:
    """Fields that place an object (its scene, layer, experiment) are set once."""

    create_only: tuple[str, ...] = ()

    def get_extra_kwargs(self) -> dict[str, Any]:
        extra: dict[str, Any] = super().get_extra_kwargs()  # type: ignore[misc]
        if getattr(self, "instance", None) is not None:
            for name in self.create_only:
                extra.setdefault(name, {})["read_only"] = True
        return extra


class LayerSerializer(_CreateOnly, serializers.ModelSerializer):
    create_only = ("scene",)
    scene = SceneSlugField(slug_field="slug", queryset=Scene.objects.all())
    keys = serializers.ListField(child=serializers.CharField(max_length=200), min_length=1,
                                 max_length=100,
                                 help_text="Owned key patterns; '*' matches any characters")
    salt = serializers.CharField(max_length=64, required=False, allow_blank=True,
                                 help_text="Hash salt; generated when left out")

    class Meta:
        model = Layer
        fields = ["id", "scene", "name", "slug", "description", "salt", "keys", "created_at",
                  "updated_at"]


class BucketSerializer(_CreateOnly, serializers.ModelSerializer):
    create_only = ("experiment",)
    start = serializers.IntegerField(min_value=0, max_value=SLOTS - 1)
    end = serializers.IntegerField(min_value=1, max_value=SLOTS)
    overrides = serializers.DictField(
        child=serializers.CharField(allow_null=True, allow_blank=True, trim_whitespace=False,
                                    max_length=100_000),
        required=False, help_text="{key: value}; null unsets the key")

    class Meta:
        model = Bucket
        fields = ["id", "experiment", "name", "start", "end", "overrides", "created_at",
                  "updated_at"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start = attrs.get("start", getattr(self.instance, "start", None))
        end = attrs.get("end", getattr(self.instance, "end", None))
        if start is not None and end is not None and start >= end:
            raise serializers.ValidationError({"end": "end must be greater than start"})
        return attrs


class ExperimentSerializer(_CreateOnly, serializers.ModelSerializer):
    create_only = ("layer",)
    buckets = BucketSerializer(many=True, read_only=True)
    scene = serializers.CharField(source="layer.scene.slug", read_only=True)

    class Meta:
        model = Experiment
        fields = ["id", "layer", "scene", "name", "description", "status", "buckets",
                  "created_by", "started_at", "stopped_at", "created_at", "updated_at"]
        read_only_fields = ["status", "created_by", "started_at", "stopped_at"]


class RangeSerializer(serializers.Serializer):
    start = serializers.IntegerField(min_value=0, max_value=SLOTS - 1)
    end = serializers.IntegerField(min_value=1, max_value=SLOTS)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["start"] >= attrs["end"]:
            raise serializers.ValidationError({"end": "end must be greater than start"})
        return attrs


class BucketRangeSerializer(RangeSerializer):
    bucket = serializers.IntegerField(min_value=1, max_value=2**62)


class LayerRangesSerializer(serializers.Serializer):
    ranges = BucketRangeSerializer(many=True, allow_empty=False, max_length=1000)


class MovedSerializer(serializers.Serializer):
    moved_share = serializers.FloatField()
    moved_slots = serializers.IntegerField()
    leaving_slots = serializers.IntegerField()
    joining_slots = serializers.IntegerField()
    sticky = serializers.BooleanField(help_text="nobody already in a bucket leaves it")
    live = serializers.BooleanField(help_text="the change touches live (running) traffic")
    slots = serializers.IntegerField()


class AssignmentQuerySerializer(serializers.Serializer):
    unit_id = serializers.CharField(max_length=200)
