"""Every API error has one shape: {"errors": [{"code", "node", "field", "message"}]}."""

from __future__ import annotations

import logging
from typing import Any

import kombu.exceptions
import redis.exceptions
from django.db import DataError, connection, transaction
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from graphengine import GraphError

log = logging.getLogger(__name__)
# Redis (the task queue, and the notices, breakers and cache beside it) refused or did not
# answer in time (settings: "Faults"): the client may retry; nothing here needs a restart.
UNAVAILABLE = (kombu.exceptions.OperationalError, redis.exceptions.ConnectionError,
               redis.exceptions.TimeoutError)
RETRY_AFTER_S = 5


def problem(code: str, message: str, node: str | None = None,
            field: str | None = None) -> dict[str, Any]:
    return {"code": code, "node": node, "field": field, "message": message}


class Refusal(Exception):
    """A use case's refusal: structured problems and the HTTP status that fits. Raised from
    logic.py (no DRF there); the API's exception handler turns it into the response."""

    def __init__(self, problems: list[dict[str, Any]], status: int = 400) -> None:
        super().__init__("; ".join(p["message"] for p in problems))
        self.problems = problems
        self.status = status


def error_response(problems: list[dict[str, Any]], code: int = 400,
                   **extra: Any) -> Response:
    return Response({"errors": problems, **extra}, status=code)


def _flatten(detail: Any, path: str = "") -> list[dict[str, Any]]:
    """DRF's nested serializer errors, as flat problems with a dotted field path."""
    if isinstance(detail, dict):
        return [p for key, value in detail.items()
                for p in _flatten(value, f"{path}.{key}" if path else str(key))]
    if isinstance(detail, list):
        if all(isinstance(d, exceptions.ErrorDetail) for d in detail):
            return [problem(getattr(d, "code", "invalid"), str(d), None,
                            None if path in ("", "non_field_errors") else path)
                    for d in detail]
        return [p for i, d in enumerate(detail) for p in _flatten(d, f"{path}[{i}]")]
    return [problem(getattr(detail, "code", "invalid"), str(detail), None, path or None)]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, GraphError):
        return error_response(exc.to_list())
    if isinstance(exc, Refusal):
        return error_response(exc.problems, exc.status)
    if isinstance(exc, DataError):
        if connection.in_atomic_block:  # a caller's transaction: roll back to its start
            transaction.set_rollback(True)
        # Input the database cannot hold (e.g. a NUL character, which PostgreSQL refuses in
        # any text) and that no serializer caught, such as a looked-up slug: the client's
        # data, so a 400, not a 500. Nothing was written: the statement failed.
        return error_response([problem("invalid_data", "The request holds a value that "
                                       "cannot be stored or looked up (e.g. a NUL "
                                       "character).")])
    if isinstance(exc, UNAVAILABLE):
        return _unavailable(exc)
    if isinstance(exc, RecursionError) and "JSON" in str(exc):
        # JSON nested deeper than the parser (or a later json.dumps) can recurse: the
        # client's data. Any other RecursionError is a bug of ours and stays a 500.
        return error_response([problem("too_deep", "The request nests values too deeply.")])
    response = drf_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"errors": _flatten(exc.detail)}
    elif isinstance(exc, exceptions.APIException):
        response.data = {"errors": [problem(exc.get_codes() if isinstance(exc.get_codes(), str)
                                            else exc.default_code, str(exc.detail))]}
    if response.status_code == status.HTTP_401_UNAUTHORIZED:
        response.data = {"errors": [problem("not_authenticated", "Sign in first.")]}
    return response


def _unavailable(exc: Exception) -> Response:
    log.warning("queue_unavailable error=%r", exc)
    response = error_response([problem("queue_unavailable", "The queue is unavailable, "
                                       "retry shortly.")], status.HTTP_503_SERVICE_UNAVAILABLE)
    response["Retry-After"] = str(RETRY_AFTER_S)
    return response
