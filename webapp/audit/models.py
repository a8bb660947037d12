from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class AuditEntry(models.Model):
    """One change: who, when, what, and a structured diff (DESIGN §6). Append-only."""

    # SET_NULL: the log outlives its users.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=64, db_index=True)  # e.g. "graph.update"
    target_type = models.CharField(max_length=64)  # app_label.model
    target_id = models.CharField(max_length=64)  # a string: the target may be gone
    target_label = models.CharField(max_length=200, blank=True, default="")
    summary = models.CharField(max_length=500, blank=True, default="")
    details = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.action} {self.target_label or self.target_id}"
