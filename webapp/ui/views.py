"""The browser editor: Django serves the built single-page app (frontend/dist) behind a
session login; the app routes everything under /app/ itself."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import ensure_csrf_cookie


@login_required
@ensure_csrf_cookie  # the app sends it back as X-CSRFToken on every write
def app(request: HttpRequest, path: str = "") -> HttpResponse:
    index = settings.LOOM_FRONTEND_DIST / "index.html"
    if not index.exists():
        return render(request, "ui/not_built.html", status=503)
    return HttpResponse(index.read_text(encoding="utf-8"))
