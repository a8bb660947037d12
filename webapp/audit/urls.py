from rest_framework.routers import SimpleRouter

from webapp.audit.api import AuditEntryViewSet

router = SimpleRouter()
router.register("audit", AuditEntryViewSet, basename="audit")
urlpatterns = router.urls
