"""The API's shapes, for the OpenAPI document. Requests are validated by the `Event` model
(operators/behaviour/event.py) in logic.py; EventSerializer describes it in OpenAPI 3.0
terms (tests keep the two in step)."""

from __future__ import annotations

from django.conf import settings
from rest_framework import serializers

from operators.behaviour.event import EventType


class EventSerializer(serializers.Serializer):
    id = serializers.CharField(max_length=128, help_text="The client's id: a repeat is a "
                               "duplicate")
    unit_id = serializers.CharField(max_length=128)
    type = serializers.ChoiceField(choices=[t.value for t in EventType])
    item_id = serializers.CharField(max_length=128, required=False, allow_null=True)
    ts = serializers.IntegerField(min_value=0, help_text="When it happened, epoch ms")
    attributes = serializers.DictField(required=False, help_text=(
        "Free JSON object (at most 4 KB); `category` is the item's category"))


class EventBatchSerializer(serializers.Serializer):
    events = EventSerializer(many=True, min_length=1,
                             max_length=settings.LOOM_EVENTS_BATCH_LIMIT)


class IngestedSerializer(serializers.Serializer):
    accepted = serializers.IntegerField(help_text="Events added to the stream")
    duplicates = serializers.IntegerField(help_text="Events whose id was seen before")
    backlog = serializers.IntegerField(help_text="Events waiting to be processed, these "
                                       "included")


class GroupSerializer(serializers.Serializer):
    name = serializers.CharField()
    consumers = serializers.IntegerField()
    pending = serializers.IntegerField(help_text="Read but not yet acknowledged")
    last_delivered_id = serializers.CharField()


class StreamStatusSerializer(serializers.Serializer):
    stream = serializers.CharField()
    backlog = serializers.IntegerField(help_text="Events waiting: unread or unacknowledged")
    max_backlog = serializers.IntegerField(help_text="Past this, POST answers 429")
    groups = GroupSerializer(many=True)
