"""graphengine/ and operators/ are a library: they must never import Django, DRF or Celery."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = ("django", "rest_framework", "celery", "webapp")
LIBRARY_FILES = sorted(
    p for pkg in ("graphengine", "operators") for p in (ROOT / pkg).rglob("*.py")
)


def imported_modules(source: str) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module":
            if node.args and isinstance(node.args[0], ast.Constant):
                modules.add(str(node.args[0].value))
    return modules


def test_library_files_are_found() -> None:
    assert len(LIBRARY_FILES) > 10


@pytest.mark.parametrize("path", LIBRARY_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_web_framework_imports(path: Path) -> None:
    bad = {m for m in imported_modules(path.read_text()) if m.split(".")[0] in FORBIDDEN}
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_checker_catches_a_forbidden_import() -> None:
    found = imported_modules("import celery\nfrom django.db import models\n")
    assert {"celery", "django.db"} <= found
