"""Basic family: row-level operations on a Dataset."""

from __future__ import annotations

import hashlib
from typing import Annotated, Any, Literal

from operators.base import Operator
from operators.context import Context
from operators.dataset import Dataset
from operators.expressions import CelExpression, ExpressionError, RowExpression
from operators.params import Param
from operators.registry import register


@register
class Limit(Operator):
    """Keep the first `n` rows."""

    name = "basic.limit"
    category = "basic"

    n: Annotated[int, Param(ge=0, le=100_000, description="How many rows to keep")] = 50

    def run(self, ctx: Context, items: Dataset) -> Dataset:
        return items.limit(self.n)


@register
class Sort(Operator):
    """Order rows by a field; rows missing the field go last."""

    name = "basic.sort"
    category = "basic"

    by: Annotated[str, Param(min_length=1, description="Field to sort by", example="score")]
    descending: Annotated[bool, Param(description="Largest first")] = True

    def run(self, ctx: Context, items: Dataset) -> Dataset:
        return items.sort(self.by, descending=self.descending)


@register
class Filter(Operator):
    """Keep rows for which a CEL expression over `row` and `ctx` is true."""

    name = "basic.filter"
    category = "basic"

    expr: Annotated[
        CelExpression,
        Param(description="CEL over `row` and `ctx`", example="row.score > 0.5"),
    ]

    def run(self, ctx: Context, items: Dataset) -> Dataset:
        test = RowExpression(self.expr, ctx.data)

        def keep(row: dict[str, Any]) -> bool:
            return test(row) is True

        return _eager(items.filter(keep))


@register
class Project(Operator):
    """Keep only the listed fields of each row."""

    name = "basic.project"
    category = "basic"

    fields: Annotated[list[str], Param(min_length=1, max_length=200,
                                       description="Fields to keep", example=["item_id"])]

    def run(self, ctx: Context, items: Dataset) -> Dataset:
        return items.select(*self.fields)


@register
class Rename(Operator):
    """Rename fields (old name → new name); other fields are kept."""

    name = "basic.rename"
    category = "basic"

    mapping: Annotated[dict[str, str], Param(description="Old name → new name",
                                             example={"id": "item_id"})]

    @classmethod
    def cross_check(cls, params: dict[str, Any]) -> list[str]:
        targets = list(params["mapping"].values())
        return ["two fields are renamed to the same name"] if len(set(targets)) < len(
            targets) else []

    def run(self, ctx: Context, items: Dataset) -> Dataset:
        return items.rename(self.mapping)


@register
class Map(Operator):
    """Set fields from CEL expressions over `row` and `ctx`, e.g.
    `{"price_eur": "row.price * 0.92"}`. A row whose expression fails keeps its old value
    when `keep_on_error`, else the node fails with the expression's error."""

    name = "basic.map"
    category = "basic"

    fields: Annotated[dict[str, CelExpression], Param(
        description="Field → CEL expression", example={"is_new": "row.age_days < 7"})]
    keep_on_error: Annotated[bool, Param(description="Ignore rows whose expression fails")] = (
        False)

    def run(self, ctx: Context, items: Dataset) -> Dataset:
        exprs = [(name, RowExpression(e, ctx.data)) for name, e in self.fields.items()]
        keep = self.keep_on_error

        def apply(row: dict[str, Any]) -> dict[str, Any]:
            out = dict(row)
            for name, expr in exprs:
                try:
                    out[name] = expr(row)
                except ExpressionError:
                    if not keep:
                        raise
            return out

        return _eager(items.map(apply))


@register
class Union(Operator):
    """All rows of all sources, in source order."""

    name = "basic.union"
    category = "basic"

    def run(self, ctx: Context, sources: list[Dataset]) -> Dataset:
        return Dataset.empty().union(*sources) if sources else Dataset.empty()


@register
class Join(Operator):
    """Join `left` with `right` on key fields: inner keeps matches only, left keeps every
    left row (right fields None when unmatched). Left fields win on a name clash."""

    name = "basic.join"
    category = "basic"

    on: Annotated[list[str], Param(min_length=1, max_length=10, description="Key fields",
                                   example=["item_id"])] = ["item_id"]
    how: Annotated[Literal["inner", "left"], Param(description="inner or left join")] = "left"

    def run(self, ctx: Context, left: Dataset, right: Dataset) -> Dataset:
        return left.join(right, on=self.on, how=self.how)


@register
class Dedupe(Operator):
    """Drop rows whose key was seen before (the first one wins); rows without it are kept."""

    name = "basic.dedupe"
    category = "basic"

    key: Annotated[list[str], Param(min_length=1, max_length=10, description="Key fields")] = [
        "item_id"]

    def run(self, ctx: Context, items: Dataset) -> Dataset:
        return items.dedupe(self.key)


@register
class Sample(Operator):
    """A random sample of `n` rows in their original order. With `seed_path` (e.g.
    `user.id`) the sample is the same for the same request value, else it uses `seed`."""

    name = "basic.sample"
    category = "basic"

    n: Annotated[int, Param(ge=0, le=100_000, description="Rows to keep")] = 10
    seed: Annotated[int, Param(ge=0, description="Seed when no seed_path value")] = 0
    seed_path: Annotated[str | None, Param(description="Context path seeding the sample")] = (
        None)

    def run(self, ctx: Context, items: Dataset) -> Dataset:
        seed = self.seed
        if self.seed_path:
            value = ctx.get(self.seed_path)
            if value is not None:
                seed = int.from_bytes(hashlib.blake2b(str(value).encode(), digest_size=8)
                                      .digest(), "big")
        return items.sample(self.n, seed)


def _eager(ds: Dataset) -> Dataset:
    """Run CEL now: an expression that fails (or is slow) is then charged to this node in
    the trace, not to whichever later node first reads the rows."""
    ds.rows()
    return ds
