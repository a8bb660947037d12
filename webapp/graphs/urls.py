from rest_framework.routers import SimpleRouter

from webapp.graphs.api import GraphViewSet, VersionViewSet

router = SimpleRouter()
router.register("graphs", GraphViewSet, basename="graph")
router.register("versions", VersionViewSet, basename="version")
urlpatterns = router.urls
