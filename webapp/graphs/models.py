"""Graphs (an editable head document with a revision used as ETag) and their immutable
versions (snapshots that scenes and rollouts point at)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Graph(models.Model):
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, default="")
    # The head may be a work in progress: it is saved even when invalid, so nothing typed
    # is lost; only valid heads can become versions.
    document = models.JSONField()
    valid = models.BooleanField(default=False)
    errors = models.JSONField(default=list, blank=True)
    config_hash = models.CharField(max_length=64, blank=True, default="")
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} (r{self.revision})"

    @property
    def etag(self) -> str:
        return f'"{self.pk}.{self.revision}"'


class GraphVersion(models.Model):
    graph = models.ForeignKey(Graph, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    document = models.JSONField()
    kv = models.JSONField()
    config_hash = models.CharField(max_length=64, db_index=True)
    note = models.CharField(max_length=500, blank=True, default="")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["graph_id", "-number"]
        constraints = [models.UniqueConstraint(fields=["graph", "number"],
                                               name="unique_version_number")]

    def __str__(self) -> str:
        return f"{self.graph.name} v{self.number}"
