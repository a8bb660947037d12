from django.urls import path

from webapp.core.api import MeView

urlpatterns = [path("me/", MeView.as_view(), name="me")]
