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


class SimulateSerializer(serializers.Serializer):
    document = serializers.JSONField(help_text="A graph document, saved or not")
    # Each event is checked by the Event model (webapp.events.logic.validate_events), which
    # names the field of the event at fault, and their number by the use case (cep.logic).
    events = serializers.ListField(child=serializers.JSONField(), allow_empty=True)
    until_ms = serializers.IntegerField(required=False, min_value=0,
                                        help_text="Last tick (default: once every pending "
                                        "absence is decided)")
