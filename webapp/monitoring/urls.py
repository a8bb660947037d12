from django.urls import path

from webapp.monitoring.api import BreakerList, BreakerReset

urlpatterns = [
    path("breakers/", BreakerList.as_view(), name="breaker-list"),
    # The scene's slug and the node's id, named as the other routes name their lookups.
    path("breakers/<str:slug>/<str:name>/reset/", BreakerReset.as_view(),
         name="breaker-reset"),
]
