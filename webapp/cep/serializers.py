from __future__ import annotations

from rest_framework import serializers

from webapp.cep.models import Match


class MatchSerializer(serializers.ModelSerializer):
    scene = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    version = serializers.IntegerField(source="version.number", read_only=True, default=None)
    run = serializers.UUIDField(source="run_id", read_only=True, allow_null=True)

    class Meta:
        model = Match
        fields = ["id", "match_id", "scene", "version", "config_hash", "rollout", "arm", "rule",
                  "kind", "unit_id", "key", "event_ids", "match_ts", "detected_at", "status",
                  "actions", "records", "run"]
        read_only_fields = fields
