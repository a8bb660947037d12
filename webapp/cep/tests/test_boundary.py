"""The matching core is Django-free: a worker, a notebook or a bench imports it bare."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

# The Django half of the app (models, logic, api, ...) lives beside the core, by name.
DJANGO = {"admin", "api", "apps", "handler", "host", "logic", "models", "replay", "serializers",
          "tasks", "urls"}
CORE = sorted(p for p in Path(__file__).resolve().parents[1].glob("*.py")
              if p.stem not in DJANGO)
FORBIDDEN = {"django", "rest_framework", "celery"}


def test_core_modules_import_no_web_framework() -> None:
    assert len(CORE) >= 5
    for path in CORE:
        tree = ast.parse(path.read_text())
        modules = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                   for alias in node.names}
        modules |= {node.module for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom) and node.module}
        assert not {m.split(".")[0] for m in modules} & FORBIDDEN, path.name


def test_imports_without_django_settings() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = ("import sys, webapp.cep, webapp.cep.redis_store, webapp.cep.operators, "
            "webapp.cep.ruleset; "
            "assert not any(m.split('.')[0] in ('django', 'celery') for m in sys.modules)")
    root = Path(__file__).resolve().parents[3]
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=root)
