"""This process's Redis client for the web app's own keys (events, CEP state): one per
process and URL, since a connection pool must not cross a fork."""

from __future__ import annotations

import os

import redis
from django.conf import settings

_clients: dict[tuple[int, str], redis.Redis] = {}


def client() -> redis.Redis:
    """Decoded strings; a hung Redis fails a call in 5 s instead of holding the thread."""
    key = (os.getpid(), settings.REDIS_URL)
    if key not in _clients:
        _clients.clear()
        _clients[key] = redis.Redis.from_url(settings.REDIS_URL, decode_responses=True,
                                             socket_timeout=5)
    return _clients[key]
