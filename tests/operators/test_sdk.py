"""The operator SDK: parameters, ports, metadata and instantiation."""

from typing import Annotated, Any

import pytest

from operators import Context, Dataset, Operator, OperatorParamsError, Param


class HotItems(Operator):
    """Most popular items, optionally within one category."""

    name = "test.hot_items"
    category = "recall"

    limit: Annotated[int, Param(ge=1, le=5000, description="How many items to return")] = 200
    category_id: Annotated[str | None, Param(description="Only this category")] = None
    order: Annotated[str, Param(choices=["asc", "desc"])] = "desc"

    async def run(self, ctx: Context) -> Dataset:
        return Dataset.from_rows([{"item_id": str(i)} for i in range(self.limit)])


class Merge(Operator):
    name = "test.merge"
    category = "merge"
    weight: Annotated[float, Param(gt=0, lt=1)]

    def run(self, ctx: Context, sources: list[Dataset], extra: Dataset | None = None) -> Dataset:
        return sources[0]


def test_params_become_attributes_with_defaults() -> None:
    op = HotItems(limit=5)
    assert op.limit == 5 and op.category_id is None and op.order == "desc"
    assert op.params == {"limit": 5}


def test_ports_and_output_are_read_from_run() -> None:
    assert HotItems.ports == () and HotItems.output_type == "Dataset" and HotItems.is_async
    sources, extra = Merge.ports
    assert (sources.name, sources.type, sources.multiple, sources.required) == (
        "sources", "Dataset", True, True)
    assert (extra.name, extra.multiple, extra.required) == ("extra", False, False)
    assert not Merge.is_async


def test_metadata_is_the_catalog_entry() -> None:
    meta = HotItems.metadata()
    assert meta["name"] == "test.hot_items" and meta["category"] == "recall"
    assert meta["title"] == "Hot Items"
    assert meta["description"].startswith("Most popular items")
    assert meta["output"] == {"type": "Dataset"} and meta["inputs"] == []
    props = meta["params_schema"]["properties"]
    assert props["limit"]["minimum"] == 1 and props["limit"]["maximum"] == 5000
    assert props["limit"]["default"] == 200
    assert props["limit"]["description"] == "How many items to return"
    assert props["order"]["enum"] == ["asc", "desc"]
    assert "required" not in meta["params_schema"]
    assert Merge.metadata()["params_schema"]["required"] == ["weight"]


@pytest.mark.parametrize(
    ("params", "code", "words"),
    [
        ({"limit": 0}, "param_out_of_range", "must be ≥ 1 and ≤ 5000 (got 0)"),
        ({"limit": "200"}, "param_type", "valid integer"),
        ({"limit": 2.5}, "param_type", "valid integer"),
        ({"nope": 1}, "unknown_param", "unknown parameter 'nope'"),
        ({"order": "up"}, "param_out_of_range", 'one of "asc", "desc"'),
    ],
)
def test_bad_params_are_named_in_plain_words(
    params: dict[str, Any], code: str, words: str
) -> None:
    _, errors = HotItems.check_params(params)
    assert [e.code for e in errors] == [code]
    assert words in errors[0].message


def test_missing_required_param() -> None:
    _, errors = Merge.check_params({})
    assert [(e.code, e.param) for e in errors] == [("missing_param", "weight")]
    with pytest.raises(OperatorParamsError, match="required parameter 'weight'"):
        Merge()


def test_float_params_refuse_nan_and_accept_ints() -> None:
    assert Merge.check_params({"weight": 0.5})[1] == []
    assert Merge.check_params({"weight": float("nan")})[1][0].code == "param_type"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("def run(self, ctx, items):\n    return items", "needs a type annotation"),
        ("def run(self, ctx, items: Dataset = 3) -> Dataset:\n    return items",
         "only default a port may have is None"),
        ("def run(self, ctx, items: set[int]) -> Dataset:\n    return items", "unsupported type"),
        ("def run(self, ctx: Context):\n    return 1", "return annotation"),
    ],
)
def test_bad_operator_definitions_fail_at_class_creation(source: str, message: str) -> None:
    namespace: dict[str, Any] = {}
    exec(source, {"Dataset": Dataset, "Context": Context}, namespace)  # test-only source
    with pytest.raises(TypeError, match=message):
        type("Bad", (Operator,), {"name": "test.bad", "run": namespace["run"],
                                  "__module__": __name__})


def test_operator_name_must_be_dotted() -> None:
    with pytest.raises(TypeError, match="must be dotted"):
        type("Bad", (Operator,), {"name": "nodots"})


def test_titles_come_from_class_names_keeping_acronyms_whole() -> None:
    from operators import default_registry

    titles = {e["name"]: e["title"] for e in default_registry().catalog()}
    assert titles["recall.item_cf"] == "Item CF"
    assert titles["recall.hot_items"] == "Hot Items"
    assert titles["diversify.mmr"] == "MMR"
