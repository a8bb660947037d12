"""`python -m graphengine validate|run|to-kv|from-kv`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from graphengine.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "home_feed_mini.json"


def test_run_prints_rows_and_the_timing_tree(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", str(EXAMPLE), "--context", '{"user": {"days_since_signup": 30}}',
                 "--trace"])
    out = capsys.readouterr().out
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert [r["item_id"] for r in rows] == ["i5", "i1", "i2"]
    assert "home_feed_mini  ok" in out
    assert "[recall] Recall" in out and "fresh (datasource.table)  skipped" in out


def test_run_serial_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", str(EXAMPLE), "--serial", "--json",
                 "--context", '{"user": {"days_since_signup": 1}}'])
    result = json.loads(capsys.readouterr().out)
    assert code == 0 and result["status"] == "ok" and result["trace"]["serial"] is True
    assert result["node_status"]["personal"] == "skipped"


def test_validate_lists_every_problem_and_exits_non_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"schema": 1, "name": "x", "nodes": [
        {"id": "a", "op": "basic.limit", "params": {"n": -1}, "inputs": {"items": ["ghost"]}},
    ]}))
    assert main(["validate", str(bad)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert "error: node 'a' field 'params.n': 'n' must be ≥ 0 and ≤ 100000 (got -1)" \
        " [param_out_of_range]" in err
    assert "error: node 'a' field 'inputs.items': source 'ghost' does not exist" \
        " [dangling_source]" in err
    assert main(["validate", "--json", str(bad)]) == 1
    assert len(json.loads(capsys.readouterr().out)["errors"]) == 2


def test_bad_files_get_plain_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "missing.json")]) == 1
    assert "cannot read" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_text("{nope")
    assert main(["run", str(broken)]) == 1
    assert "is not valid JSON" in capsys.readouterr().err
    assert main(["run", str(EXAMPLE), "--context", "[1]"]) == 1
    assert "--context must be a JSON object" in capsys.readouterr().err


def test_kv_round_trip_through_the_command_line(tmp_path: Path) -> None:
    def cli(*args: str, stdin: str | None = None) -> str:
        done = subprocess.run([sys.executable, "-m", "graphengine", *args], input=stdin,
                              capture_output=True, text=True, cwd=ROOT, check=True)
        return done.stdout

    text = cli("to-kv", str(EXAMPLE))
    assert "node.hot.op=datasource.table" in text.replace(" = ", "=")
    document = json.loads(cli("from-kv", "-", stdin=text))
    original = json.loads(EXAMPLE.read_text())
    assert {n["id"] for n in document["nodes"]} == {n["id"] for n in original["nodes"]}
    kv_json = json.loads(cli("to-kv", "--json", str(EXAMPLE)))
    assert kv_json["graph.name"] == "home_feed_mini"
    again = tmp_path / "kv.json"
    again.write_text(json.dumps(kv_json))
    assert json.loads(cli("from-kv", str(again))) == document
