"""The last line of defence for operator secrets (operators/secrets.py): every text or JSON
response leaves with URL passwords, password-like query parameters and the values of secret
environment variables masked, whatever view produced it (graphs, versions, the KV export,
runs and their traces, errors, test-run outputs, the catalog, the admin)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from operators.secrets import redact

_TEXT_TYPES = ("application/json", "text/", "application/problem+json")


class RedactSecretsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(response, "streaming", False):  # static files: ours, never a secret
            return response
        content_type = response.get("Content-Type", "")
        if not content_type.startswith(_TEXT_TYPES) or not response.content:
            return response
        charset = response.charset or "utf-8"
        text = response.content.decode(charset, errors="replace")
        cleaned = redact(text)
        if cleaned != text:
            response.content = cleaned.encode(charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
