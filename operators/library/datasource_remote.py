"""Datasource family, remote services: HTTP JSON APIs and SQL databases."""

from __future__ import annotations

import functools
import re
from typing import Annotated, Any, Literal
from urllib.parse import quote

import httpx

from operators.base import Operator
from operators.context import Context
from operators.dataset import Dataset
from operators.params import Param
from operators.registry import register
from operators.secrets import SecretError, env_name_problem, read_secret, redact, url_has_password
from operators.templates import Template, render


class RemoteSourceError(RuntimeError):
    pass


def _dig(value: Any, path: str) -> Any:
    for part in path.split(".") if path else []:
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


@register
class HttpJson(Operator):
    """Rows from an HTTP JSON API. The URL is a template over the request context (values
    are URL-quoted), e.g. `https://reco.internal/similar/{item.id}`.

    `rows_path` points at the list of objects in the response (`data.items`; empty: the
    response itself); `fields` maps output fields to dotted response fields (all fields
    when empty). A non-2xx answer, a body that is not JSON and a timeout are errors; a
    bearer token, if needed, is read from the environment variable named by `token_env`
    (never stored in the graph).
    """

    name = "datasource.http_json"
    category = "datasource"

    url: Annotated[Template, Param(description="URL template over the context",
                                   example="http://127.0.0.1:8080/items?user={user.id}")]
    method: Annotated[Literal["GET", "POST"], Param(description="HTTP method")] = "GET"
    body: Annotated[dict[str, str], Param(
        description="POST body: field → context path", example={"user": "user.id"})] = {}
    rows_path: Annotated[str, Param(description="Dotted path of the row list")] = ""
    fields: Annotated[dict[str, str], Param(
        description="Output field → dotted response field", example={"item_id": "id"})] = {}
    timeout_ms: Annotated[int, Param(ge=1, le=60_000, description="Whole-request timeout")] = (
        500)
    token_env: Annotated[str | None, Param(
        description="Environment variable holding a bearer token")] = None
    connection: Annotated[str, Param(
        description="Name of a shared httpx.AsyncClient resource (optional)")] = "http"

    @classmethod
    def cross_check(cls, params: dict[str, Any]) -> list[str]:
        return _secret_problems(params, "url", "token_env")

    async def run(self, ctx: Context) -> Dataset:
        url = render(self.url, lambda p: None if (v := ctx.get(p)) is None else quote(str(v),
                                                                                    safe=""))
        headers = {"Accept": "application/json"}
        if self.token_env:
            try:
                headers["Authorization"] = f"Bearer {read_secret('token_env', self.token_env)}"
            except SecretError as exc:
                raise RemoteSourceError(str(exc)) from None
        body = {k: ctx.get(p) for k, p in self.body.items()} if self.method == "POST" else None
        shared = ctx.resources.get(self.connection)
        try:
            if isinstance(shared, httpx.AsyncClient):
                response = await self._send(shared, url, headers, body)
            else:
                async with httpx.AsyncClient() as client:
                    response = await self._send(client, url, headers, body)
        except httpx.TimeoutException:
            raise TimeoutError(f"{url} did not answer within {self.timeout_ms} ms") from None
        except httpx.HTTPError as exc:
            raise RemoteSourceError(redact(f"request to {url} failed: {exc}")) from None
        if not response.is_success:
            raise RemoteSourceError(f"HTTP {response.status_code} from {url}")
        try:
            payload = response.json()
        except ValueError:
            raise RemoteSourceError(f"{url} did not return JSON") from None
        rows = _dig(payload, self.rows_path)
        if not isinstance(rows, list):
            where = f"at '{self.rows_path}'" if self.rows_path else "at the top level"
            raise RemoteSourceError(f"{url}: expected a list of objects {where}")
        objects = [r for r in rows if isinstance(r, dict)]
        if self.fields:
            objects = [{out: _dig(r, src) for out, src in self.fields.items()} for r in objects]
        return Dataset.from_rows(objects)

    async def _send(self, client: httpx.AsyncClient, url: str, headers: dict[str, str],
                    body: dict[str, Any] | None) -> httpx.Response:
        return await client.request(self.method, url, headers=headers, json=body,
                                    timeout=self.timeout_ms / 1000)


_READ_ONLY = re.compile(r"^\s*(select|with)\b", re.IGNORECASE)


def _secret_problems(params: dict[str, Any], url: str, env: str) -> list[str]:
    """A password written into the graph, or a secret read from a variable a graph may
    not name (operators/secrets.py)."""
    problems = [p for p in [env_name_problem(env, params[env])] if p]
    if url_has_password(params[url]):
        problems.append(f"`{url}` holds a password: put it in an environment variable "
                        f"and name that in `{env}`")
    return problems


@functools.lru_cache(maxsize=16)
def _engine(url: str) -> Any:
    """One connection pool per database URL, shared by every node and run."""
    import sqlalchemy

    return sqlalchemy.create_engine(url, pool_pre_ping=True)


@register
class Sql(Operator):
    """Rows from a SQL query run with SQLAlchemy Core. The query is parameterised: it names
    `:binds` whose values come from the request context (`binds`: bind → context path), and
    is never built from strings. Only SELECT / WITH queries are accepted. The database URL
    is `url`, or read from the environment variable `url_env` when it holds a password.
    """

    name = "datasource.sql"
    category = "datasource"
    blocking = True

    query: Annotated[str, Param(min_length=1, max_length=20_000, description="SELECT query",
                                example="SELECT item_id, score FROM items WHERE cat = :cat")]
    binds: Annotated[dict[str, str], Param(description="Bind name → context path",
                                           example={"cat": "user.favourite_category"})] = {}
    url: Annotated[str | None, Param(description="SQLAlchemy database URL",
                                     example="sqlite:///data/items.db")] = None
    url_env: Annotated[str | None, Param(
        description="Environment variable holding the database URL")] = None
    limit: Annotated[int, Param(ge=1, le=100_000, description="Rows at most")] = 1000

    @classmethod
    def cross_check(cls, params: dict[str, Any]) -> list[str]:
        problems = _secret_problems(params, "url", "url_env")
        if (params["url"] is None) == (params["url_env"] is None):
            problems.append("set exactly one of `url` and `url_env`")
        if not _READ_ONLY.match(params["query"]):
            problems.append("only SELECT (or WITH ... SELECT) queries are allowed")
        return problems

    def run(self, ctx: Context) -> Dataset:
        import sqlalchemy

        try:
            url = self.url or read_secret("url_env", self.url_env or "")
        except SecretError as exc:
            raise RemoteSourceError(str(exc)) from None
        values = {name: ctx.get(path) for name, path in self.binds.items()}
        try:
            with _engine(url).connect() as conn:
                result = conn.execute(sqlalchemy.text(self.query), values)
                rows = [dict(r._mapping) for r in result.fetchmany(self.limit)]
        except (sqlalchemy.exc.SQLAlchemyError, ValueError, ImportError) as exc:
            # (a bad port or a missing driver surfaces as ValueError / ImportError)
            message = f"{exc.__class__.__name__}: {getattr(exc, 'orig', None) or exc}"
            raise RemoteSourceError("SQL query failed: " + redact(message.replace(url, "<url>"))
                                    ) from None
        return Dataset.from_rows(rows)
