"""`python -m graphengine validate|run|to-kv|from-kv FILE ...`"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from graphengine import kv
from graphengine.engine import Engine
from graphengine.errors import GraphError
from graphengine.graph import Graph
from graphengine.trace import render_trace
from operators import Dataset


class InputError(Exception):
    """Bad input that is not a graph problem: unreadable file, bad JSON."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
        return code
    except GraphError as exc:
        for problem in exc.errors:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m graphengine", description=__doc__)
    sub = p.add_subparsers(required=True, metavar="COMMAND")

    v = sub.add_parser("validate", help="check a graph document; list every problem")
    v.add_argument("file", help="graph document (JSON), or - for standard input")
    v.add_argument("--json", action="store_true", help="print problems as JSON")
    v.set_defaults(handler=_validate)

    r = sub.add_parser("run", help="run a graph and print its output rows")
    r.add_argument("file")
    r.add_argument("--context", default="{}", help="request context as JSON, or @file")
    r.add_argument("--serial", action="store_true", help="one node at a time (debug mode)")
    r.add_argument("--trace", action="store_true", help="print the timing tree")
    r.add_argument("--json", action="store_true", help="print the whole result as JSON")
    r.set_defaults(handler=_run)

    t = sub.add_parser("to-kv", help="print the A/B key-value form of a graph")
    t.add_argument("file")
    t.add_argument("--json", action="store_true", help="as a JSON object instead of lines")
    t.set_defaults(handler=_to_kv)

    f = sub.add_parser("from-kv", help="read key-value form (text or JSON), print the graph")
    f.add_argument("file")
    f.set_defaults(handler=_from_kv)
    return p


def _read(path: str) -> str:
    try:
        if path == "-":
            return sys.stdin.read()
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None


def _json(text: str, what: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{what} is not valid JSON: {exc.msg} (line {exc.lineno}, column "
                         f"{exc.colno})") from None


def _load_graph(path: str) -> Graph:
    return Graph.from_dict(_json(_read(path), path))


def _validate(args: argparse.Namespace) -> int:
    try:
        graph = _load_graph(args.file)
    except GraphError as exc:
        if args.json:
            print(json.dumps({"valid": False, "errors": exc.to_list()}, indent=2))
            return 1
        raise
    if args.json:
        print(json.dumps({"valid": True, "errors": [], "config_hash": graph.config_hash}))
    else:
        print(f"ok: '{graph.name}' is valid ({len(graph.nodes)} nodes, "
              f"hash {graph.config_hash[:12]})")
    return 0


def _run(args: argparse.Namespace) -> int:
    graph = _load_graph(args.file)
    raw = _read(args.context[1:]) if args.context.startswith("@") else args.context
    context = _json(raw, "--context")
    if not isinstance(context, dict):
        raise InputError("--context must be a JSON object")
    engine = Engine()
    try:
        result = engine.run(graph, context, serial=args.serial)
    finally:
        engine.close()
    output = result.output
    rows = output.rows() if isinstance(output, Dataset) else output
    if args.json:
        print(json.dumps({"status": result.status, "output": rows,
                          "node_status": result.node_status, "errors": result.errors,
                          "trace": result.trace}, indent=2, default=str))
    else:
        if isinstance(rows, list):
            for row in rows:
                print(json.dumps(row, default=str, ensure_ascii=False))
        else:
            print(json.dumps(rows, default=str))
        for node, error in result.errors.items():
            print(f"{result.node_status[node]}: node '{node}': {error}", file=sys.stderr)
        if args.trace:
            print()
            print(render_trace(result.trace))
    return 0 if result.ok else 3


def _to_kv(args: argparse.Namespace) -> int:
    mapping = _load_graph(args.file).to_kv()
    print(json.dumps(mapping, indent=2, ensure_ascii=False) if args.json
          else kv.format_kv_text(mapping), end="\n" if args.json else "")
    return 0


def _from_kv(args: argparse.Namespace) -> int:
    text = _read(args.file)
    if text.lstrip().startswith("{"):
        mapping = _json(text, args.file)
        if not isinstance(mapping, dict):
            raise InputError("a KV file in JSON must be an object")
    else:
        mapping = kv.parse_kv_text(text)
    graph = Graph.from_kv(mapping)
    print(json.dumps(graph.to_dict(), indent=2, ensure_ascii=False))
    return 0


