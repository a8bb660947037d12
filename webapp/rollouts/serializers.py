from __future__ import annotations

from typing import Any

from rest_framework import serializers

from webapp.core.roles import APPROVER, EDITOR, has_role
from webapp.experiments.serializers import SceneSlugField
from webapp.graphs.models import GraphVersion
from webapp.rollouts import logic
from webapp.rollouts.models import LIVE, Replay, Rollout, State
from webapp.scenes.models import Scene

MAX_OBSERVATION_S = 7 * 24 * 3600


class StepSerializer(serializers.Serializer):
    percent = serializers.FloatField(min_value=0.01, max_value=100)
    min_observation_s = serializers.IntegerField(min_value=0, max_value=MAX_OBSERVATION_S)


def _user(user: Any) -> str | None:
    return user.username if user is not None else None


class RolloutSerializer(serializers.ModelSerializer):
    scene = SceneSlugField(slug_field="slug", queryset=Scene.objects.all())
    version = serializers.PrimaryKeyRelatedField(queryset=GraphVersion.objects.all())
    version_number = serializers.IntegerField(source="version.number", read_only=True)
    graph = serializers.IntegerField(source="version.graph_id", read_only=True)
    base_number = serializers.IntegerField(source="base_version.number", read_only=True,
                                           default=None)
    steps = StepSerializer(many=True, required=False)
    max_error_rate_delta = serializers.FloatField(min_value=0, max_value=1, required=False)
    max_timeout_rate_delta = serializers.FloatField(min_value=0, max_value=1, required=False)
    max_p99_ratio = serializers.FloatField(min_value=1, max_value=100, required=False)
    min_requests = serializers.IntegerField(min_value=1, max_value=1_000_000, required=False)
    percent = serializers.FloatField(read_only=True)
    observation_left_s = serializers.SerializerMethodField()
    created_by = serializers.SerializerMethodField()
    reviewed_by = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField(
        help_text="What the requesting user may do now (four eyes included)")

    class Meta:
        model = Rollout
        fields = ["id", "scene", "version", "version_number", "graph", "base_version",
                  "base_number", "state", "steps", "step_index", "percent", "step_started_at",
                  "observation_left_s", "max_error_rate_delta", "max_timeout_rate_delta",
                  "max_p99_ratio", "min_requests", "auto_advance", "note", "created_by",
                  "reviewed_by", "review_comment", "submitted_at", "reviewed_at",
                  "started_at", "finished_at", "end_reason", "actions", "created_at",
                  "updated_at"]
        read_only_fields = ["base_version", "state", "step_index", "step_started_at",
                            "review_comment", "submitted_at", "reviewed_at", "started_at",
                            "finished_at", "end_reason"]

    def get_extra_kwargs(self) -> dict[str, Any]:
        extra: dict[str, Any] = super().get_extra_kwargs()
        if self.instance is not None:  # a rollout's scene and version are set once
            for name in ("scene", "version"):
                extra.setdefault(name, {})["read_only"] = True
        return extra

    def validate_steps(self, steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if not 1 <= len(steps) <= 10:
            raise serializers.ValidationError("give 1 to 10 steps")
        percents = [s["percent"] for s in steps]
        if any(b <= a for a, b in zip(percents, percents[1:], strict=False)):
            raise serializers.ValidationError("step percentages must grow from step to step")
        return [{"percent": s["percent"], "min_observation_s": s["min_observation_s"]}
                for s in steps]

    def get_observation_left_s(self, rollout: Rollout) -> float:
        return round(logic.observation_left(rollout), 1) if rollout.state in LIVE else 0.0

    def get_created_by(self, rollout: Rollout) -> str | None:
        return _user(rollout.created_by)

    def get_reviewed_by(self, rollout: Rollout) -> str | None:
        return _user(rollout.reviewed_by)

    def get_actions(self, rollout: Rollout) -> list[str]:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return available_actions(rollout, user) if user is not None else []


def available_actions(rollout: Rollout, user: Any) -> list[str]:
    """The buttons a user sees. The API enforces the same rules on its own."""
    operate = has_role(user, EDITOR, APPROVER)
    review = has_role(user, APPROVER) and user.pk not in rollout.authors
    by_state: dict[str, list[tuple[str, bool]]] = {
        State.DRAFT: [("submit", operate), ("edit", operate), ("delete", operate),
                      ("replay", operate)],
        State.IN_REVIEW: [("approve", review), ("reject", review), ("replay", operate)],
        State.APPROVED: [("start", operate), ("replay", operate)],
        State.REJECTED: [("delete", operate)],
        State.ROLLING_OUT: [("advance", operate), ("pause", operate), ("rollback", operate)],
        State.PAUSED: [("resume", operate), ("rollback", operate)],
        # Undoing a completion is the kill switch's path, while it still serves.
        State.COMPLETED: [("rollback", operate
                           and rollout.scene.production_version_id == rollout.version_id)],
        State.ROLLED_BACK: [],
    }
    return [name for name, allowed in by_state.get(rollout.state, []) if allowed]


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True,
                                    default="")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True,
                                   default="")


class ReplaySerializer(serializers.ModelSerializer):
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Replay
        fields = ["id", "rollout", "status", "total", "done", "progress", "report", "error",
                  "created_at", "finished_at"]
        read_only_fields = fields

    def get_progress(self, replay: Replay) -> float:
        return round(replay.done / replay.total, 4) if replay.total else 0.0
