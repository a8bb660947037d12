"""The audit log over HTTP: read-only for every role, newest first."""

from __future__ import annotations

import django_filters
from rest_framework import viewsets

from webapp.audit.models import AuditEntry
from webapp.audit.serializers import AuditEntrySerializer


class AuditFilter(django_filters.FilterSet):
    actor = django_filters.CharFilter(field_name="actor__username")
    since = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="gte")
    until = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="lt")

    class Meta:
        model = AuditEntry
        fields = ["action", "target_type", "target_id", "actor", "since", "until"]


class AuditEntryViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = AuditEntry.objects.select_related("actor")
    serializer_class = AuditEntrySerializer
    filterset_class = AuditFilter
