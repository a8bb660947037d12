"""A staged rollout of a graph version to a scene (DESIGN §6): reviewed by someone other
than its author, released in traffic steps with guardrails, reversible at any time. The
lifecycle is a declared state machine; logic.py holds the rules around each transition
(who, when, the release window, the traffic it changes)."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from webapp.graphs.models import GraphVersion
from webapp.scenes.models import Scene


def default_steps() -> list[dict[str, int]]:
    return [{"percent": p, "min_observation_s": s}
            for p, s in ((1, 300), (5, 300), (20, 600), (50, 600), (100, 600))]


def new_salt() -> str:
    return secrets.token_hex(8)


class State(models.TextChoices):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    ROLLING_OUT = "rolling_out"
    PAUSED = "paused"
    COMPLETED = "completed"
    ROLLED_BACK = "rolled_back"


# States in which the candidate serves a share of the scene's traffic.
LIVE = (State.ROLLING_OUT, State.PAUSED)


class Rollout(ConcurrentTransitionMixin, models.Model):
    scene = models.ForeignKey(Scene, on_delete=models.CASCADE, related_name="rollouts")
    version = models.ForeignKey(GraphVersion, on_delete=models.PROTECT, related_name="+")
    # Control: the production version when the rollout started (before: when created).
    base_version = models.ForeignKey(GraphVersion, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    state = FSMField(default=State.DRAFT, choices=State.choices, db_index=True)
    steps = models.JSONField(default=default_steps)  # [{percent, min_observation_s}]
    step_index = models.IntegerField(default=-1)  # -1 before the start
    step_started_at = models.DateTimeField(null=True, blank=True)
    salt = models.CharField(max_length=32, default=new_salt)  # canary slots, like a layer's
    # Guardrails, canary against control over the runs since the rollout started.
    max_error_rate_delta = models.FloatField(default=0.01)
    max_timeout_rate_delta = models.FloatField(default=0.01)
    max_p99_ratio = models.FloatField(default=1.5)
    min_requests = models.PositiveIntegerField(default=100)
    auto_advance = models.BooleanField(default=False)
    note = models.TextField(blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    review_comment = models.TextField(blank=True, default="")
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(
            fields=["scene"], condition=Q(state__in=["rolling_out", "paused"]),
            name="one_live_rollout_per_scene")]

    def __str__(self) -> str:
        return f"rollout {self.pk} of v{self.version.number} to {self.scene_id} ({self.state})"

    @property
    def percent(self) -> float:
        """The candidate's share of traffic now."""
        if self.state not in LIVE or not 0 <= self.step_index < len(self.steps):
            return 100.0 if self.state == State.COMPLETED else 0.0
        return float(self.steps[self.step_index]["percent"])

    @property
    def authors(self) -> set[Any]:
        """Who may not approve: whoever made the version and whoever asked to roll it out."""
        return {u for u in (self.version.author_id, self.created_by_id) if u is not None}

    # -- the lifecycle: transitions only change state; logic.py does the rest ------------

    @transition(field=state, source=State.DRAFT, target=State.IN_REVIEW)
    def submit(self) -> None: ...

    @transition(field=state, source=State.IN_REVIEW, target=State.APPROVED)
    def approve(self) -> None: ...

    @transition(field=state, source=State.IN_REVIEW, target=State.REJECTED)
    def reject(self) -> None: ...

    @transition(field=state, source=State.APPROVED, target=State.ROLLING_OUT)
    def start(self) -> None: ...

    @transition(field=state, source=State.ROLLING_OUT, target=State.ROLLING_OUT)
    def advance(self) -> None: ...

    @transition(field=state, source=State.ROLLING_OUT, target=State.COMPLETED)
    def complete(self) -> None: ...

    @transition(field=state, source=State.ROLLING_OUT, target=State.PAUSED)
    def pause(self) -> None: ...

    @transition(field=state, source=State.PAUSED, target=State.ROLLING_OUT)
    def resume(self) -> None: ...

    # A completed rollout can be rolled back too: that is the kill switch's way back.
    @transition(field=state, source=[State.ROLLING_OUT, State.PAUSED, State.COMPLETED],
                target=State.ROLLED_BACK)
    def roll_back(self) -> None: ...


class Replay(models.Model):
    """Recorded production requests replayed through the base and the candidate."""

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    rollout = models.ForeignKey(Rollout, on_delete=models.CASCADE, related_name="replays")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    report = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True, default="")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"replay {self.pk} of rollout {self.rollout_id} ({self.status})"
