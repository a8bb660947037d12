from rest_framework.routers import SimpleRouter

from webapp.catalog.api import OperatorViewSet

router = SimpleRouter()
router.register("operators", OperatorViewSet, basename="operator")
urlpatterns = router.urls
