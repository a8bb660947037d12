"""Registries, the default registry and the `loom.operators` entry-point group."""

import sys
import textwrap
from pathlib import Path

import pytest

import operators.registry as registry_module
from operators import Context, Operator, Registry, UnknownOperatorError, default_registry


class Echo(Operator):
    name = "test.echo"

    def run(self, ctx: Context) -> bool:
        return True


def test_register_get_and_catalog() -> None:
    reg = Registry()
    assert reg.register(Echo) is Echo
    assert reg.get("test.echo") is Echo and "test.echo" in reg and len(reg) == 1
    assert [m["name"] for m in reg.catalog()] == ["test.echo"]
    with pytest.raises(UnknownOperatorError, match="unknown operator 'nope'"):
        reg.get("nope")


def test_a_name_cannot_be_taken_twice() -> None:
    reg = Registry([Echo])
    other = type("Echo2", (Operator,), {"name": "test.echo", "run": Echo.run,
                                        "__module__": __name__})
    with pytest.raises(ValueError, match="taken"):
        reg.register(other)


def test_default_registry_has_the_builtins() -> None:
    names = default_registry().names()
    for expected in ("control.condition", "merge.priority", "basic.limit", "datasource.table"):
        assert expected in names


def test_entry_point_operators_are_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A real installed distribution (dist-info on sys.path) publishing one operator.
    (tmp_path / "loom_plugin_demo.py").write_text(textwrap.dedent("""
        from operators import Context, Operator

        class Shout(Operator):
            name = "plugin.shout"
            def run(self, ctx: Context) -> bool:
                return True
    """))
    dist = tmp_path / "loom_plugin_demo-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: loom-plugin-demo\n"
                                   "Version: 1.0\n")
    (dist / "entry_points.txt").write_text(
        "[loom.operators]\nshout = loom_plugin_demo:Shout\nbroken = missing_module:Nope\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    reg = Registry()
    registry_module._load_entry_points(reg)
    assert "plugin.shout" in reg  # and the broken entry point did not stop it
    sys.modules.pop("loom_plugin_demo", None)
