from django.contrib.auth import views as auth_views
from django.urls import path, re_path
from django.views.generic import RedirectView

from webapp.ui import views

urlpatterns = [
    path("", RedirectView.as_view(url="/app/", permanent=False)),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    re_path(r"^app/(?P<path>.*)$", views.app, name="app"),
]
