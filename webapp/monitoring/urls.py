from django.urls import path

from webapp.monitoring.api import BreakerList, BreakerReset
from webapp.monitoring.stats_api import LatencyStats, NodeStats

urlpatterns = [
    path("breakers/", BreakerList.as_view(), name="breaker-list"),
    # The scene's slug and the node's id, named as the other routes name their lookups.
    path("breakers/<str:slug>/<str:name>/reset/", BreakerReset.as_view(),
         name="breaker-reset"),
    path("monitoring/latency/", LatencyStats.as_view(), name="monitoring-latency"),
    path("monitoring/nodes/", NodeStats.as_view(), name="monitoring-nodes"),
]
