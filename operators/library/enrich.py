"""Datasource family, per-row lookups: add fields to each row from a Redis hash per item."""

from __future__ import annotations

from typing import Annotated, Any

from operators.base import Operator
from operators.context import Context
from operators.dataset import Dataset
from operators.params import Param
from operators.registry import register
from operators.templates import Template, TemplateError, render

# Every key's hash in one command: a pipeline of one HMGET / HGETALL per row costs redis-py
# a command's packing, timeout and reply handling each, most of this operator's CPU on a
# few hundred rows. ARGV empty: every field (HGETALL's flat field/value list).
_LOOKUP = """
local out = {}
for i, key in ipairs(KEYS) do
  if #ARGV > 0 then out[i] = redis.call('HMGET', key, unpack(ARGV))
  else out[i] = redis.call('HGETALL', key) end
end
return out
"""


@register
class RedisEnrich(Operator):
    """Add item attributes to each row from a Redis hash, e.g. `item:{item_id}`.

    One round trip for all rows (a Lua script, so in a Redis Cluster the keys must share a
    slot). Fields named in `numeric` are turned into numbers so scorers can use them; a
    row whose hash is missing is kept unchanged, or dropped when `drop_missing` is set.
    Existing row fields win unless `overwrite`.
    """

    name = "datasource.redis_enrich"
    category = "datasource"

    key: Annotated[Template, Param(description="Key template over the row",
                                   example="item:{item_id}")] = "item:{item_id}"
    fields: Annotated[list[str], Param(description="Hash fields to add (empty: all)",
                                       max_length=100)] = []
    numeric: Annotated[list[str], Param(description="Fields to convert to numbers",
                                        max_length=100)] = []
    drop_missing: Annotated[bool, Param(description="Drop rows whose hash is missing")] = False
    overwrite: Annotated[bool, Param(description="Hash values replace row fields")] = False
    connection: Annotated[str, Param(description="Name of the Redis resource")] = "redis"

    async def run(self, ctx: Context, items: Dataset) -> Dataset:
        rows = items.rows()
        if not rows:
            return Dataset.empty()
        client = ctx.resource(self.connection)
        keys: list[str | None] = []
        for row in rows:
            try:
                keys.append(render(self.key, row.get))
            except TemplateError:
                keys.append(None)  # a row without the key's fields cannot be looked up
        wanted = [k for k in keys if k is not None]
        replies = iter(await client.eval(_LOOKUP, len(wanted), *wanted, *self.fields)
                       if wanted else [])
        out: list[dict[str, Any]] = []
        for row, k in zip(rows, keys, strict=True):
            found = self._as_dict(next(replies)) if k is not None else {}
            if not found:
                if not self.drop_missing:
                    out.append(row)
                continue
            for name in self.numeric:
                if name in found:
                    found[name] = _number(found[name])
            out.append({**row, **found} if self.overwrite else {**found, **row})
        return Dataset.from_rows(out)

    def _as_dict(self, reply: Any) -> dict[str, Any]:
        if not self.fields:  # HGETALL's flat list: field, value, field, value...
            return dict(zip(reply[::2], reply[1::2], strict=True))
        return {f: v for f, v in zip(self.fields, reply, strict=True) if v is not None}


def _number(text: Any) -> Any:
    try:
        value = float(text)
    except (TypeError, ValueError):
        return text
    return int(value) if value.is_integer() and "." not in str(text) else value
