from django.urls import path
from rest_framework.routers import SimpleRouter

from webapp.cep.api import MatchViewSet, SceneRulesView, SimulateViewSet

router = SimpleRouter()
router.register("cep/matches", MatchViewSet, basename="cep-match")
router.register("cep", SimulateViewSet, basename="cep")
urlpatterns = [*router.urls,
               path("cep/scenes/<slug:slug>/rules/", SceneRulesView.as_view(),
                    name="cep-scene-rules")]
