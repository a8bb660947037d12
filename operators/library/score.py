"""Score family: give each candidate a score from its features."""

from __future__ import annotations

from typing import Annotated, Any

import pydantic

from operators.base import Operator
from operators.context import Context
from operators.dataset import Dataset
from operators.expressions import CelExpression, RowExpression
from operators.params import Param
from operators.registry import register

OutputField = Annotated[str, Param(min_length=1, description="Field the score is written to")]


def _number(value: Any, default: float) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


@register
class LinearScore(Operator):
    """A weighted sum of row features: bias + Σ weight × feature.

    A feature missing from a row (or not a number) counts as `default`. With `sort`, the
    rows come out best first.
    """

    name = "score.linear"
    category = "score"

    weights: Annotated[dict[str, float], Param(
        description="Feature → weight", example={"popularity": 0.001, "quality": 1.0})]
    bias: Annotated[float, Param(description="Added to every score")] = 0.0
    default: Annotated[float, Param(description="Value of a missing feature")] = 0.0
    output_field: OutputField = "score"
    sort: Annotated[bool, Param(description="Sort by the score, best first")] = True

    def run(self, ctx: Context, items: Dataset) -> Dataset:
        weights = list(self.weights.items())
        bias, default, out = self.bias, self.default, self.output_field

        def score(row: dict[str, Any]) -> float:
            return bias + sum(w * _number(row.get(f), default) for f, w in weights)

        scored = items.with_field(out, score)
        return scored.sort(out, descending=True) if self.sort else scored


class BoostRule(pydantic.BaseModel):
    """One boost: rows for which `when` holds get score × multiply + add."""

    model_config = pydantic.ConfigDict(extra="forbid")
    when: CelExpression
    multiply: float = pydantic.Field(1.0, ge=0, le=1000, allow_inf_nan=False)
    add: float = pydantic.Field(0.0, ge=-1e9, le=1e9, allow_inf_nan=False)


@register
class RuleBoost(Operator):
    """Business rules on top of a model score: each rule whose CEL condition (over `row`
    and `ctx`) holds multiplies the score and adds to it, in the order listed.

    Example rule: `{"when": "row.category == ctx.user.favourite_category", "multiply": 1.2}`.
    """

    name = "score.rule_boost"
    category = "score"

    rules: Annotated[list[BoostRule], Param(description="Rules applied in order",
                                            min_length=1, max_length=50)]
    field: OutputField = "score"
    sort: Annotated[bool, Param(description="Sort by the boosted score, best first")] = True

    def run(self, ctx: Context, items: Dataset) -> Dataset:
        rules = [(RowExpression(r.when, ctx.data), r.multiply, r.add) for r in self.rules]
        field = self.field

        def boost(row: dict[str, Any]) -> float:
            value = _number(row.get(field), 0.0)
            for when, multiply, add in rules:
                if when(row) is True:
                    value = value * multiply + add
            return value

        boosted = items.with_field(field, boost)
        boosted = boosted.sort(field, descending=True) if self.sort else boosted
        boosted.rows()  # run CEL now, so its errors and time belong to this node
        return boosted
