from rest_framework.routers import SimpleRouter

from webapp.experiments.api import BucketViewSet, ExperimentViewSet, LayerViewSet

router = SimpleRouter()
router.register("layers", LayerViewSet, basename="layer")
router.register("experiments", ExperimentViewSet, basename="experiment")
router.register("buckets", BucketViewSet, basename="bucket")
urlpatterns = router.urls
