from rest_framework import serializers

from webapp.runs.models import Run


class RunSerializer(serializers.ModelSerializer):
    class Meta:
        model = Run
        fields = ["id", "kind", "status", "scene", "graph", "version", "config_hash", "unit_id",
                  "context", "serial", "duration_us", "node_status", "trace", "outputs",
                  "items", "errors", "created_at", "finished_at"]
        read_only_fields = fields


class RunListSerializer(RunSerializer):
    class Meta(RunSerializer.Meta):
        fields = ["id", "kind", "status", "scene", "graph", "version", "config_hash",
                  "unit_id", "duration_us", "created_at", "finished_at"]


class TestRunSerializer(serializers.Serializer):
    context = serializers.JSONField(required=False, default=dict)
    serial = serializers.BooleanField(required=False, default=False)

    def validate_context(self, value: object) -> object:
        if not isinstance(value, dict):
            raise serializers.ValidationError("context must be a JSON object")
        return value
