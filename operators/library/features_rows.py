"""Features family, per row: add the unit's behaviour towards each candidate to the rows of
a Dataset (one round trip for all rows), for scorers and rules downstream."""

from __future__ import annotations

from typing import Annotated, Any

from operators.context import Context
from operators.dataset import Dataset
from operators.library.features import (
    DEFAULT_WEIGHTS,
    INTERACTIONS,
    FeatureOperator,
    HalfLife,
    TypesParam,
    WeightsParam,
    WindowParam,
    check_weights,
)
from operators.params import Param
from operators.registry import register

FieldName = Annotated[str, Param(min_length=1, max_length=64, description="Row field written")]


@register
class ItemInteractions(FeatureOperator):
    """Add to each row how often the unit interacted with its item over the last `days`
    UTC days (today included): one field `<field_prefix><type>` per type and
    `<field_prefix>total`. Rows without an id get zeros; existing fields are overwritten."""

    name = "features.item_interactions"
    category = "features"

    types: TypesParam = INTERACTIONS
    days: Annotated[int, Param(ge=1, le=7, description="UTC days looked at, today included")] = 7
    id_field: Annotated[str, Param(min_length=1, max_length=64,
                                   description="Field holding the item id")] = "item_id"
    field_prefix: Annotated[str, Param(max_length=64, description=(
        "Prefix of the fields written"))] = "interactions_"

    async def run(self, ctx: Context, items: Dataset) -> Dataset:
        rows = items.rows()
        if not rows:
            return Dataset.empty()
        ids = [str(r[self.id_field]) for r in rows if r.get(self.id_field) is not None]
        counts = await self.reader(ctx).item_counts(ids, self.types, self.days)
        zero = dict.fromkeys(self.types, 0)
        prefix = self.field_prefix

        def enrich(row: dict[str, Any]) -> dict[str, Any]:
            found = row.get(self.id_field)
            per_type = zero if found is None else counts.get(str(found), zero)
            fields = {f"{prefix}{t}": n for t, n in per_type.items()}
            return {**row, **fields, f"{prefix}total": sum(per_type.values())}

        return Dataset.from_rows(enrich(r) for r in rows)


@register
class CategoryAffinityScore(FeatureOperator):
    """Add to each row the unit's affinity with the row's category (`category_field`):
    its share of the unit's weighted, decayed category interest, as in
    `features.category_affinity`, from 0 to 1. Rows without a category, or in a category the
    unit never touched, get 0."""

    name = "features.category_affinity_score"
    category = "features"

    category_field: FieldName = "category"
    field: FieldName = "category_affinity"
    window: WindowParam = "7d"
    weights: WeightsParam = DEFAULT_WEIGHTS
    half_life_hours: HalfLife = 24.0

    @classmethod
    def cross_check(cls, params: dict[str, Any]) -> list[str]:
        return check_weights(params)

    async def run(self, ctx: Context, items: Dataset) -> Dataset:
        rows = items.rows()
        if not rows:
            return Dataset.empty()
        weights = {str(t): w for t, w in self.weights.items()}
        scores = await self.reader(ctx).category_weights(weights, self.window,
                                                         self.half_life_hours or None)
        total = sum(scores.values())
        share = {c: s / total for c, s in scores.items()} if total > 0 else {}
        out_field, source = self.field, self.category_field

        def enrich(row: dict[str, Any]) -> dict[str, Any]:
            category = row.get(source)
            value = 0.0 if category is None else share.get(str(category), 0.0)
            return {**row, out_field: value}

        return Dataset.from_rows(enrich(r) for r in rows)
