"""Layers, experiments and buckets of a scene's traffic (DESIGN §6). The rules (ownership,
disjoint slots, valid merged graphs) are checked in logic.py, where every write goes."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from webapp.scenes.models import Scene


class TrafficRevision(models.Model):
    """Bumped on every write to a scene's layers, experiments or buckets: the key under
    which each process caches the scene's traffic config. Kept here rather than on Scene
    so the experiments app owns its own invalidation."""

    scene = models.OneToOneField(Scene, primary_key=True, on_delete=models.CASCADE,
                                 related_name="traffic_revision")
    revision = models.PositiveBigIntegerField(default=0)
    # The cache key: unlike the counter, never repeats for a scene deleted and recreated
    # under the same id (SQLite reuses ids), or in another database.
    token = models.UUIDField(default=uuid.uuid4)

    def __str__(self) -> str:
        return f"{self.scene_id} traffic r{self.revision}"


class Layer(models.Model):
    scene = models.ForeignKey(Scene, on_delete=models.CASCADE, related_name="layers")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=64)
    description = models.TextField(blank=True, default="")
    salt = models.CharField(max_length=64)
    keys = models.JSONField(default=list)  # owned key patterns, e.g. ["node.cf.param.*"]
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["scene_id", "slug"]
        constraints = [models.UniqueConstraint(fields=["scene", "slug"],
                                               name="unique_layer_slug_per_scene")]

    def __str__(self) -> str:
        return f"{self.scene_id}/{self.slug}"


class Experiment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft"
        RUNNING = "running"
        STOPPED = "stopped"

    layer = models.ForeignKey(Layer, on_delete=models.CASCADE, related_name="experiments")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, default="")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    started_at = models.DateTimeField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["layer_id", "name"]
        constraints = [models.UniqueConstraint(fields=["layer", "name"],
                                               name="unique_experiment_name_per_layer")]

    def __str__(self) -> str:
        return self.name


class Bucket(models.Model):
    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE,
                                   related_name="buckets")
    name = models.CharField(max_length=100)
    start = models.PositiveIntegerField()  # slots [start, end) of 10,000
    end = models.PositiveIntegerField()
    overrides = models.JSONField(default=dict, blank=True)  # {key: value or null (unset)}
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["experiment_id", "start"]
        constraints = [models.UniqueConstraint(fields=["experiment", "name"],
                                               name="unique_bucket_name_per_experiment")]

    def __str__(self) -> str:
        return f"{self.experiment.name}/{self.name} [{self.start}, {self.end})"
