from rest_framework.routers import SimpleRouter

from webapp.rollouts.api import RolloutViewSet

router = SimpleRouter()
router.register("rollouts", RolloutViewSet, basename="rollout")
urlpatterns = router.urls
