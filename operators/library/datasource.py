"""Datasource family: where rows come from."""

from __future__ import annotations

import functools
import json
import os
from typing import Annotated, Any, Literal

import redis

from operators.base import Operator
from operators.context import Context
from operators.dataset import Dataset
from operators.params import Param
from operators.registry import register
from operators.templates import Template, render


@register
class Table(Operator):
    """A fixed in-memory table, for examples, tests and small lookup lists."""

    name = "datasource.table"
    category = "datasource"

    rows: Annotated[
        list[dict[str, Any]],
        Param(description="The rows", max_length=100_000, example=[{"item_id": "a"}]),
    ] = []
    tag: Annotated[
        str | None, Param(description="If set, each row gets `source` = this tag")
    ] = None

    def run(self, ctx: Context) -> Dataset:
        ds = Dataset.from_rows(self.rows)
        tag = self.tag
        return ds if tag is None else ds.with_field("source", lambda _row: tag)


class DataSourceError(RuntimeError):
    pass


@register
class RedisSource(Operator):
    """Rows from one Redis key named by a template over the request context.

    `get` reads a string (a JSON list of objects becomes rows, anything else one row with
    `value_field`); `hgetall` reads a hash as one row; `zrevrange` reads the top `limit`
    members of a sorted set as rows {member_field, score_field}; `smembers` reads a set as
    rows {member_field} in sorted order. A missing key gives no rows.
    """

    name = "datasource.redis"
    category = "datasource"

    command: Annotated[Literal["get", "hgetall", "zrevrange", "smembers"], Param(
        description="Redis read command")] = "zrevrange"
    key: Annotated[Template, Param(description="Key template over the context",
                                   example="user:{user.id}:history")]
    limit: Annotated[int, Param(ge=1, le=100_000, description="Members read (zrevrange)")] = 100
    member_field: Annotated[str, Param(min_length=1, description="Field for members")] = (
        "item_id")
    score_field: Annotated[str, Param(min_length=1, description="Field for scores")] = "score"
    value_field: Annotated[str, Param(min_length=1, description="Field for a plain value")] = (
        "value")
    connection: Annotated[str, Param(description="Name of the Redis resource")] = "redis"

    async def run(self, ctx: Context) -> Dataset:
        client = ctx.resource(self.connection)
        key = render(self.key, ctx.get)
        try:
            if self.command == "get":
                return self._from_string(await client.get(key))
            if self.command == "hgetall":
                found = await client.hgetall(key)
                return Dataset.from_rows([found] if found else [])
            if self.command == "zrevrange":
                pairs = await client.zrevrange(key, 0, self.limit - 1, withscores=True)
                return Dataset.from_rows(
                    {self.member_field: m, self.score_field: s} for m, s in pairs)
            members = await client.smembers(key)
            return Dataset.from_rows({self.member_field: m} for m in sorted(members))
        except redis.ResponseError as exc:
            if "WRONGTYPE" in str(exc):
                kind = await client.type(key)
                raise DataSourceError(f"redis key '{key}' holds a {kind}, which "
                                      f"{self.command.upper()} cannot read") from None
            raise

    def _from_string(self, text: str | None) -> Dataset:
        if text is None:
            return Dataset.empty()
        try:
            value = json.loads(text)
        except ValueError:
            return Dataset.from_rows([{self.value_field: text}])
        if isinstance(value, list) and all(isinstance(v, dict) for v in value):
            return Dataset.from_rows(value)
        return Dataset.from_rows([{self.value_field: value}])


@functools.lru_cache(maxsize=16)
def _read_table(path: str, mtime: float, fmt: str, columns: tuple[str, ...]
                ) -> list[dict[str, Any]]:
    """Parsed files are kept until they change: requests read them far more often."""
    if fmt == "parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(path, columns=list(columns) or None)
    else:
        import pyarrow.csv as pv

        options = pv.ConvertOptions(include_columns=list(columns)) if columns else None
        table = pv.read_csv(path, convert_options=options)
    rows: list[dict[str, Any]] = table.to_pylist()
    return rows


@register
class FileSource(Operator):
    """Rows from a CSV or Parquet file (read with pyarrow, cached until the file changes).

    `columns` picks fields (all when empty); `limit` caps the rows; `format` is taken from
    the file name unless set.
    """

    name = "datasource.file"
    category = "datasource"
    blocking = True

    path: Annotated[str, Param(min_length=1, description="File path",
                               example="data/items.parquet")]
    format: Annotated[Literal["auto", "csv", "parquet"], Param(
        description="File format")] = "auto"
    columns: Annotated[list[str], Param(max_length=500, description="Fields to read")] = []
    limit: Annotated[int | None, Param(ge=1, description="Rows at most")] = None

    def run(self, ctx: Context) -> Dataset:
        fmt = self.format
        if fmt == "auto":
            fmt = "parquet" if self.path.endswith((".parquet", ".pq")) else "csv"
        try:
            mtime = os.stat(self.path).st_mtime
            rows = _read_table(self.path, mtime, fmt, tuple(self.columns))
        except OSError as exc:
            raise DataSourceError(f"cannot read {self.path}: {exc.strerror}") from None
        except Exception as exc:  # pyarrow raises its own types for bad content
            raise DataSourceError(f"cannot parse {self.path} as {fmt}: {exc}") from None
        ds = Dataset.from_rows(rows)
        return ds.limit(self.limit) if self.limit is not None else ds
