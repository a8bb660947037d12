"""Output family: shape the final item list a caller receives."""

from __future__ import annotations

from typing import Annotated, Any

from operators.base import Operator
from operators.context import Context
from operators.dataset import Dataset
from operators.params import Param
from operators.registry import register


@register
class Shape(Operator):
    """The response: keep `fields` (all when empty), rename some, cut to `limit`, and
    number the rows from 1 in `rank_field` when it is set."""

    name = "output.shape"
    category = "output"

    fields: Annotated[list[str], Param(description="Fields to return (empty: all)",
                                       max_length=200, example=["item_id", "score"])] = []
    rename: Annotated[dict[str, str], Param(description="Old name → new name")] = {}
    limit: Annotated[int, Param(ge=1, le=10_000, description="How many items")] = 50
    rank_field: Annotated[str | None, Param(description="Field for the 1-based rank")] = "rank"

    def run(self, ctx: Context, items: Dataset) -> Dataset:
        out = items.limit(self.limit)
        if self.fields:
            out = out.select(*self.fields)
        if self.rename:
            out = out.rename(self.rename)
        if self.rank_field:
            field = self.rank_field
            return Dataset.from_rows({**r, field: i} for i, r in enumerate(out.rows(), 1))
        return out

    @classmethod
    def cross_check(cls, params: dict[str, Any]) -> list[str]:
        targets = list(params["rename"].values())
        return ["two fields are renamed to the same name"] if len(set(targets)) < len(
            targets) else []
