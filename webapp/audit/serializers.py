from rest_framework import serializers

from webapp.audit.models import AuditEntry


class AuditEntrySerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = AuditEntry
        fields = ["id", "actor", "at", "action", "target_type", "target_id", "target_label",
                  "summary", "details"]
        read_only_fields = fields
