"""Rate limits on signing in. Passwords (the login page, /api/auth/login/, the admin's login)
are counted by django-axes (settings: "Security"); its lockout answer is `lockout_response`.
Tokens are counted here: a client address that sent LOOM_TOKEN_FAILURE_LIMIT unknown tokens
within the cool-off gets 429 for every token until the cool-off has passed. The counter
lives in Django's cache (Redis in production, so every web process shares it)."""

from __future__ import annotations

import math
from typing import Any

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.request import Request


def _minutes() -> int:
    return max(1, math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def too_many_attempts_message() -> str:
    minutes = _minutes()
    return f"Too many attempts, try again in {minutes} minute{'s' if minutes > 1 else ''}."


def lockout_response(request: HttpRequest, response: HttpResponse | None = None,
                     credentials: dict[str, Any] | None = None) -> HttpResponse:
    """What a locked-out sign-in gets (django-axes' AXES_LOCKOUT_CALLABLE): 429 with the
    wait in words; the login form again for a browser, the API's error shape otherwise.
    A failure during the lockout starts the cool-off again, so the wait is the whole of it."""
    message = too_many_attempts_message()
    retry_after = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    wants_json = "json" in request.headers.get("Accept", "") or (
        request.path.startswith("/api/") and not request.path.startswith("/api/auth/"))
    if wants_json:
        answer: HttpResponse = JsonResponse({"errors": [{
            "code": "too_many_attempts", "node": None, "field": None, "message": message}]},
            status=429)
    else:
        answer = render(request, "registration/login.html",
                        {"lockout_message": message, "next": request.POST.get("next", "")},
                        status=429)
    answer["Retry-After"] = retry_after
    return answer


class TooManyTokenAttempts(exceptions.Throttled):
    default_code = "too_many_attempts"

    def __init__(self, wait: float) -> None:
        super().__init__(wait=wait)
        self.detail = exceptions.ErrorDetail(too_many_attempts_message(), self.default_code)


class ThrottledTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refusing a client address that guesses tokens."""

    def authenticate(self, request: Request) -> Any:
        if not request.META.get("HTTP_AUTHORIZATION", "").lower().startswith("token "):
            return None  # no token sent: nothing to count
        key = f"loom:token-failures:{get_client_ip_address(request._request)}"
        window = settings.AXES_COOLOFF_TIME.total_seconds()
        if (cache.get(key) or 0) >= settings.LOOM_TOKEN_FAILURE_LIMIT:
            raise TooManyTokenAttempts(window)
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            try:
                cache.incr(key)
            except ValueError:  # the first failure in this window
                cache.set(key, 1, timeout=window)
            raise
