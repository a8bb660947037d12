from rest_framework.routers import SimpleRouter

from webapp.runs.api import RunViewSet, TestRunViewSet

router = SimpleRouter()
router.register("runs", RunViewSet, basename="run")
router.register("graphs", TestRunViewSet, basename="graph-test-run")
urlpatterns = router.urls
