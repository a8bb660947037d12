"""A match a rule graph fired, and what its actions did. The ORM half of webapp/cep; the
matching core (rule, patterns, matcher, stores) stays free of Django."""

from __future__ import annotations

from django.db import models

from webapp.graphs.models import GraphVersion
from webapp.scenes.models import Scene


class Match(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running"  # detected; its actions are running (or the worker died)
        OK = "ok"
        DEGRADED = "degraded"  # an optional action failed, or a queued run was refused
        FAILED = "failed"
        TIMEOUT = "timeout"
        ERROR = "error"  # the rule graph could not run

    # The matcher's id: a hash of the rule, the unit and the events, so a redelivered
    # batch or a second worker can never record (or act on) the same match twice.
    match_id = models.CharField(max_length=64, unique=True)
    scene = models.ForeignKey(Scene, on_delete=models.CASCADE, related_name="matches")
    version = models.ForeignKey(GraphVersion, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    config_hash = models.CharField(max_length=64, blank=True, default="")
    # During a rollout of the rule graph: which one and the unit's arm (as runs record it).
    rollout = models.ForeignKey("rollouts.Rollout", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    arm = models.CharField(max_length=8, blank=True, default="")
    rule = models.CharField(max_length=64, db_index=True)  # the pattern node's id
    kind = models.CharField(max_length=16)  # sequence, count, absence
    unit_id = models.CharField(max_length=200, db_index=True)
    key = models.CharField(max_length=200, blank=True, default="")  # the group_by value
    event_ids = models.JSONField(default=list)
    match_ts = models.BigIntegerField()  # event time it completed, epoch ms
    detected_at = models.DateTimeField(db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    # Per action node that ran: {op, status, output | error}.
    actions = models.JSONField(default=dict, blank=True)
    records = models.JSONField(default=list, blank=True)  # what action.record kept
    run = models.ForeignKey("runs.Run", null=True, blank=True, on_delete=models.SET_NULL,
                            related_name="+")

    class Meta:
        ordering = ["-detected_at", "-id"]
        verbose_name_plural = "matches"

    def __str__(self) -> str:
        return f"{self.rule} for {self.unit_id} ({self.status})"
