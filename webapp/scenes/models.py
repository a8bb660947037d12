"""A scene is a place that asks for recommendations (e.g. `home_feed`); it serves its
production graph version. A scene of kind `rules` serves a CEP rule graph instead: its
version runs on behaviour events, not on requests (webapp/cep)."""

from __future__ import annotations

from django.db import models

from webapp.graphs.models import GraphVersion


class Scene(models.Model):
    class Kind(models.TextChoices):
        RECOMMEND = "recommend"  # serves recommendations (POST .../recommend/)
        RULES = "rules"  # a CEP rule set, run on behaviour events (webapp/cep)

    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, default="")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.RECOMMEND,
                            db_index=True)
    production_version = models.ForeignKey(GraphVersion, null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="+")
    # When rollouts may start or advance (scenes/windows.py); empty: at any time.
    release_windows = models.JSONField(default=list, blank=True)
    release_timezone = models.CharField(max_length=64, default="UTC")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug
