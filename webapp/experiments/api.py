"""Layers, experiments and buckets over HTTP: thin viewsets over logic.py, whose refusals
become structured 400/409 errors."""

from __future__ import annotations

from typing import Any

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from webapp.experiments import logic
from webapp.experiments.models import Bucket, Experiment, Layer
from webapp.experiments.serializers import (
    BucketSerializer,
    ExperimentSerializer,
    LayerRangesSerializer,
    LayerSerializer,
    MovedSerializer,
    RangeSerializer,
)


class _TrafficViewSet(viewsets.ModelViewSet):
    """Create and update go through logic's save function; its TrafficError is the answer
    (a core Refusal, rendered by the API's exception handler).
    The ramp previews are dry runs but an editor's tool (only editors change ranges), so
    they keep the write roles."""

    def save(self, instance: Any) -> Any:
        raise NotImplementedError

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = self.save(serializer.Meta.model(**serializer.validated_data))

    def perform_update(self, serializer: Any) -> None:
        for name, value in serializer.validated_data.items():
            setattr(serializer.instance, name, value)
        serializer.instance = self.save(serializer.instance)


class LayerFilter(django_filters.FilterSet):
    scene = django_filters.CharFilter(field_name="scene__slug")

    class Meta:
        model = Layer
        fields = ["scene", "slug"]


class LayerViewSet(_TrafficViewSet):
    queryset = Layer.objects.select_related("scene")
    serializer_class = LayerSerializer
    filterset_class = LayerFilter

    def save(self, instance: Layer) -> Layer:
        return logic.save_layer(instance, self.request.user)

    def perform_destroy(self, instance: Layer) -> None:
        logic.delete_layer(instance, self.request.user)

    @extend_schema(request=LayerRangesSerializer, responses=MovedSerializer)
    @action(detail=True, methods=["post"], url_path="preview-ranges")
    def preview_ranges(self, request: Request, pk: str | None = None) -> Response:
        """Dry run: the share of units that new ranges of this layer's buckets would move."""
        layer = self.get_object()
        serializer = LayerRangesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        proposed = {r["bucket"]: (r["start"], r["end"])
                    for r in serializer.validated_data["ranges"]}
        return Response(logic.preview_ranges(layer, proposed))


class ExperimentFilter(django_filters.FilterSet):
    scene = django_filters.CharFilter(field_name="layer__scene__slug")

    class Meta:
        model = Experiment
        fields = ["scene", "layer", "status"]


class ExperimentViewSet(_TrafficViewSet):
    queryset = Experiment.objects.select_related("layer__scene").prefetch_related("buckets")
    serializer_class = ExperimentSerializer
    filterset_class = ExperimentFilter

    def save(self, instance: Experiment) -> Experiment:
        if instance.pk is None:
            instance.created_by = self.request.user
        return logic.save_experiment(instance, self.request.user)

    def perform_destroy(self, instance: Experiment) -> None:
        logic.delete_experiment(instance, self.request.user)

    @extend_schema(request=None, responses=ExperimentSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: str | None = None) -> Response:
        experiment = logic.start_experiment(self.get_object(), request.user)
        return Response(ExperimentSerializer(self.get_queryset().get(pk=experiment.pk)).data)

    @extend_schema(request=None, responses=ExperimentSerializer)
    @action(detail=True, methods=["post"])
    def stop(self, request: Request, pk: str | None = None) -> Response:
        experiment = logic.stop_experiment(self.get_object(), request.user)
        return Response(ExperimentSerializer(self.get_queryset().get(pk=experiment.pk)).data)


class BucketViewSet(_TrafficViewSet):
    queryset = Bucket.objects.select_related("experiment__layer")
    serializer_class = BucketSerializer
    filterset_fields = ["experiment"]

    def save(self, instance: Bucket) -> Bucket:
        return logic.save_bucket(instance, self.request.user)

    def perform_destroy(self, instance: Bucket) -> None:
        logic.delete_bucket(instance, self.request.user)

    @extend_schema(request=RangeSerializer, responses=MovedSerializer)
    @action(detail=True, methods=["post"], url_path="preview-range")
    def preview_range(self, request: Request, pk: str | None = None) -> Response:
        """Dry run: the share of units (of 10,000 slots) a new [start, end) would move."""
        bucket = self.get_object()
        serializer = RangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(logic.preview_bucket_range(bucket, serializer.validated_data["start"],
                                                   serializer.validated_data["end"]))
