"""One execution of a graph: a test run from the editor or a served recommendation."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from webapp.graphs.models import Graph, GraphVersion
from webapp.scenes.models import Scene


class Run(models.Model):
    class Kind(models.TextChoices):
        TEST = "test"
        SERVE = "serve"

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        OK = "ok"
        DEGRADED = "degraded"
        FAILED = "failed"
        TIMEOUT = "timeout"
        ERROR = "error"  # the graph could not be run at all (e.g. invalid)

    FINISHED = (Status.OK, Status.DEGRADED, Status.FAILED, Status.TIMEOUT, Status.ERROR)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED,
                              db_index=True)
    scene = models.ForeignKey(Scene, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="runs")
    graph = models.ForeignKey(Graph, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="runs")
    version = models.ForeignKey(GraphVersion, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="runs")
    graph_document = models.JSONField(null=True, blank=True)  # what a test run executed
    config_hash = models.CharField(max_length=64, blank=True, default="", db_index=True)
    # A served run: the experiment buckets' KV overrides applied on top of `version.kv`,
    # and which bucket of each layer the unit fell in (DESIGN §6).
    overrides = models.JSONField(default=dict, blank=True)
    assignment = models.JSONField(default=dict, blank=True)
    unit_id = models.CharField(max_length=200, blank=True, default="")
    # During a rollout: which one, and whether the unit was in its canary or the control
    # (what the guardrails compare).
    rollout = models.ForeignKey("rollouts.Rollout", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="runs")
    arm = models.CharField(max_length=8, blank=True, default="")
    context = models.JSONField(default=dict, blank=True)
    serial = models.BooleanField(default=False)
    duration_us = models.BigIntegerField(null=True, blank=True)
    node_status = models.JSONField(default=dict, blank=True)
    trace = models.JSONField(null=True, blank=True)
    outputs = models.JSONField(default=dict, blank=True)  # per node: rows and a sample
    items = models.JSONField(null=True, blank=True)  # the sink's rows (recommendations)
    errors = models.JSONField(default=list, blank=True)  # [{code, node, field, message}]
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    # When it was asked for: set by the web request even when the worker writes the row.
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} run {self.pk} ({self.status})"


class Recording(models.Model):
    """A sampled production request with every answer its data sources gave
    (graphengine.recording): what the replay gate of a rollout runs candidates against."""

    scene = models.ForeignKey(Scene, on_delete=models.CASCADE, related_name="recordings")
    version = models.ForeignKey(GraphVersion, null=True, on_delete=models.SET_NULL,
                                related_name="+")
    config_hash = models.CharField(max_length=64)
    overrides = models.JSONField(default=dict, blank=True)
    unit_id = models.CharField(max_length=200, blank=True, default="")
    context = models.JSONField(default=dict, blank=True)
    calls = models.JSONField(default=dict)  # call key -> [answers]
    status = models.CharField(max_length=10)
    items = models.JSONField(null=True, blank=True)
    duration_us = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"recording {self.pk} of {self.scene_id}"
