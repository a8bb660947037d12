from rest_framework.routers import SimpleRouter

from webapp.scenes.api import SceneViewSet

router = SimpleRouter()
router.register("scenes", SceneViewSet, basename="scene")
urlpatterns = router.urls
