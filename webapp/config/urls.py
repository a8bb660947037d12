from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from webapp.monitoring import scrape

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    path("api/auth/", include("rest_framework.urls")),
    path("api/", include("webapp.core.urls")),
    path("api/", include("webapp.catalog.urls")),
    path("api/", include("webapp.graphs.urls")),
    path("api/", include("webapp.scenes.urls")),
    path("api/", include("webapp.experiments.urls")),
    path("api/", include("webapp.runs.urls")),
    path("api/", include("webapp.audit.urls")),
    path("api/", include("webapp.rollouts.urls")),
    path("api/", include("webapp.monitoring.urls")),
    path("api/", include("webapp.events.urls")),
    path("api/", include("webapp.cep.urls")),
    path("metrics", scrape.view, name="metrics"),  # Prometheus (DESIGN §7)
    path("", include("webapp.ui.urls")),
]
