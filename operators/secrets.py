"""Secrets of operators: never in a graph, never in an answer.

A graph names a secret by environment variable (`token_env`, `url_env`); only variables
whose names start with one of `LOOM_SECRET_ENV_PREFIXES` (comma-separated, default `LOOM_`)
may be named, so a graph cannot read the host's own configuration (`DJANGO_SECRET_KEY`,
`DATABASE_URL`, ...) and send it somewhere. `redact()` masks what looks like a secret in a
text: the password of a URL (`scheme://user:***@host`), password-like query parameters, and
the values of environment variables whose names say they hold one. Operators use it on their
error messages; the web app on every response."""

from __future__ import annotations

import json
import os
import re
from typing import Any

MASK = "***"
_SECRET_NAME = re.compile(r"TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|PRIVATE|CREDENTIAL|"
                          r"DSN|DATABASE_URL|_DB$|_KEY$", re.IGNORECASE)
# scheme://user:password@host: the password is what lies between the first ':' after the
# scheme and the last '@' before the host (a password may itself hold '@' or ':').
# (Anchored on the literal "://", which the regex engine finds fast: no scheme needed.)
_URL_PASSWORD = re.compile(r"(?P<head>://[^/\s:@\"'<>]*:)(?P<secret>[^/\s\"'<>]*)(?P<tail>@)")
_QUERY_SECRET = re.compile(r"(?P<head>[?&;](?:password|passwd|pwd|pass|token|secret|"
                           r"api_?key|access_token|sslpassword)=)(?P<secret>[^&;#\s\"'<>]+)",
                           re.IGNORECASE)
_MIN_VALUE = 6  # shorter values ("1", "true") are not worth masking and would mangle text


# The app's own secrets whose names carry the default prefix: never for a graph to send.
_APP_SECRETS = frozenset({"LOOM_METRICS_TOKEN"})


class SecretError(RuntimeError):
    pass


def allowed_prefixes() -> tuple[str, ...]:
    raw = os.environ.get("LOOM_SECRET_ENV_PREFIXES", "LOOM_")
    return tuple(p.strip() for p in raw.split(",") if p.strip())


def env_name_problem(param: str, name: str | None) -> str | None:
    """Why a graph may not name this environment variable in `param`, or None."""
    if name is None:
        return None
    prefixes = allowed_prefixes()
    if name in _APP_SECRETS:
        return f"`{param}`: {name!r} is the app's own secret, not one operators may read"
    if not name.startswith(prefixes):
        return (f"`{param}`: {name!r} is not an environment variable operators may read "
                f"(its name must start with {' or '.join(prefixes)})")
    return None


def read_secret(param: str, name: str) -> str:
    """The value of the environment variable a graph names in `param`."""
    problem = env_name_problem(param, name)
    if problem:
        raise SecretError(problem)
    value = os.environ.get(name)
    if not value:
        raise SecretError(f"environment variable {name} is not set")
    return value


def url_has_password(url: str | None) -> bool:
    return bool(url) and (_URL_PASSWORD.search(url or "") is not None
                          or _QUERY_SECRET.search(url or "") is not None)


_values_cache: tuple[object, list[str]] = (None, [])


def secret_values() -> list[str]:
    """Values of environment variables whose names say they hold a secret, longest first
    (so a value containing another is masked whole). Computed again only when the
    environment changed: reading it decoded costs more than a small response's masking."""
    global _values_cache
    raw = getattr(os.environ, "_data", None)  # CPython's undecoded mapping: cheap to copy
    key = tuple(raw.items()) if isinstance(raw, dict) else tuple(os.environ.items())
    if _values_cache[0] != key:
        values = {v for k, v in os.environ.items()
                  if len(v) >= _MIN_VALUE and _SECRET_NAME.search(k)}
        escaped = {json.dumps(v)[1:-1] for v in values}  # as inside a JSON string
        _values_cache = (key, sorted(values | escaped, key=len, reverse=True))
    return _values_cache[1]


def redact(text: str) -> str:
    """`text` with every secret it holds masked (see the module's docstring)."""
    for value in secret_values():
        if value in text:
            text = text.replace(value, MASK)
    if "://" in text:
        text = _URL_PASSWORD.sub(lambda m: m["head"] + MASK + m["tail"], text)
    if "=" in text:
        text = _QUERY_SECRET.sub(lambda m: m["head"] + MASK, text)
    return text


def webhook_problems(params: dict[str, Any]) -> list[str]:
    """A webhook operator's `url` and `token_env`: a token by environment name only, never
    a password in the URL."""
    problems = [p for p in [env_name_problem("token_env", params["token_env"])] if p]
    if url_has_password(params["url"]):
        problems.append("`url` holds a password: send a token named in `token_env`")
    return problems
