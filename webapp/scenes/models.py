"""A scene is a place that asks for recommendations (e.g. `home_feed`); it serves its
production graph version."""

from __future__ import annotations

from django.db import models

from webapp.graphs.models import GraphVersion


class Scene(models.Model):
    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, default="")
    production_version = models.ForeignKey(GraphVersion, null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug
