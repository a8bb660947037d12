"""The A/B key-value form of a graph (DESIGN §5): flat `key → string` mappings.

This module only translates between a mapping and a graph document dict; whether the
document makes sense is `Graph.from_dict`'s job. Problems found here are the ones only the
codec can see (key shapes, values that do not parse) and name the offending key.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, Literal, Union

from graphengine.document import ID_RE
from graphengine.errors import GraphError, Problem
from operators import Operator, Registry, UnknownOperatorError
from operators.params import unwrap

# How a parameter's value is spelled, from its declared type: "str" only strings (verbatim),
# "json" never a string (JSON), "mixed" strings among others (verbatim when unambiguous).
Kind = Literal["str", "mixed", "json"]
_Bad = Callable[..., None]

_GROUP_ATTRS = ("label", "timeout_ms", "max_concurrency")
_NODE_RE = re.compile(r"^node\.([^.]+)\.(op|group|when|unless|optional|timeout_ms|pos)$")
_NODE_SUB_RE = re.compile(r"^node\.([^.]+)\.(in|param)\.([^.]+)$")
_ANY_NODE_RE = re.compile(r"^node\.([^.]+)\.")
_NODE_ATTRS = "op, group, in.<port>, when, unless, optional, timeout_ms, param.<name>, pos"
_GROUP_RE = re.compile(r"^group\.([^.]+)\.([^.]+)$")
_PORT_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_INT_RE = re.compile(r"^-?[0-9]{1,18}$")  # anything longer is outside every allowed range
_ID_RULE = "ids must match ^[a-z][a-z0-9_]{0,63}$"


# -- writing --------------------------------------------------------------------------------


def document_to_kv(doc: dict[str, Any], registry: Registry) -> dict[str, str]:
    """The canonical document of `Graph.to_dict()` as a flat mapping, keys sorted."""
    out: dict[str, str] = {"graph.schema": "1", "graph.name": doc["name"]}
    for key, value in doc.get("settings", {}).items():
        out[f"graph.{key}"] = str(value)
    for g in doc.get("groups", []):
        out[f"group.{g['id']}.label"] = g.get("label") or g["id"]
        for key in _GROUP_ATTRS[1:]:
            if key in g:
                out[f"group.{g['id']}.{key}"] = str(g[key])
    for n in doc["nodes"]:
        p = f"node.{n['id']}."
        out[p + "op"] = n["op"]
        for key in ("group", "when", "unless", "timeout_ms"):
            if n.get(key) is not None:
                out[p + key] = str(n[key])
        if n.get("optional"):
            out[p + "optional"] = "true"
        for port, ids in n.get("inputs", {}).items():
            out[f"{p}in.{port}"] = ",".join(ids)
        cls = _operator(registry, n["op"])
        for name, value in n.get("params", {}).items():
            out[f"{p}param.{name}"] = encode_param(param_kind(cls, name), value)
        if n.get("position") is not None:
            # json.dumps keeps 120 an int and writes floats with repr, so they read back exact.
            out[p + "pos"] = f"{json.dumps(n['position']['x'])},{json.dumps(n['position']['y'])}"
    return dict(sorted(out.items()))


def encode_param(kind: Kind, value: Any) -> str:
    """The text of a param value; `decode_param(kind, encode_param(kind, v)) == v` always."""
    if isinstance(value, str) and (kind == "str" or (
            kind == "mixed" and decode_param("mixed", value) == value)):
        return value  # verbatim when it reads back as itself; else JSON quotes keep it a str
    # Sorted keys: the same value hashes the same whatever order a store gave its keys back
    # in (PostgreSQL's jsonb does not keep them).
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, sort_keys=True)


# -- reading --------------------------------------------------------------------------------


class ParamValueError(ValueError):
    """A param text that does not parse as the declared (non-string) type."""


def decode_param(kind: Kind, text: str) -> Any:
    """The value a param text stands for; `ParamValueError` if a json kind does not parse."""
    if kind == "str":
        return text
    try:
        value = _loads(text)
    except ParamValueError:
        if kind == "json":
            raise
        return text
    if kind == "mixed" and isinstance(value, str) and not text.startswith('"'):
        return text  # ' "x"' (JSON after a space) stays literal: quoting must be explicit
    return value


def _loads(text: str) -> Any:
    """Strict JSON: no NaN/Infinity, no float overflowing to inf (the engine refuses both)."""
    def finite(s: str) -> float:
        if not math.isfinite(value := float(s)):
            raise ValueError(s)
        return value

    def constant(s: str) -> Any:
        raise ValueError(s)

    try:
        return json.loads(text, parse_constant=constant, parse_float=finite)
    except (ValueError, RecursionError) as exc:  # RecursionError: absurdly deep nesting
        raise ParamValueError(text) from exc


def kv_to_document(mapping: Mapping[str, str], registry: Registry) -> dict[str, Any]:
    """A graph document dict for `Graph.from_dict`, or `GraphError` with every codec problem."""
    problems: list[Problem] = []
    doc: dict[str, Any] = {"schema": 1}
    settings: dict[str, Any] = {}
    groups: dict[str, dict[str, Any]] = {}
    nodes: dict[str, dict[str, Any]] = {}
    params: dict[str, dict[str, str]] = {}  # decoded once the node's operator is known

    def bad(code: str, key: str, message: str, node: str | None = None) -> None:
        problems.append(Problem(code, f"{key}: {message}", node, key))

    for key, value in mapping.items():
        if not isinstance(key, str):
            problems.append(Problem("bad_type", f"keys must be strings, got {key!r}", None,
                                    repr(key)))
        elif not isinstance(value, str):
            bad("bad_type", key, f"values must be strings, got {type(value).__name__}")
        elif key == "graph.schema":
            if value.strip() != "1":
                bad("bad_schema", key, f"only schema 1 is supported, got {_show(value)}")
        elif key in ("graph.name", "graph.output"):
            (doc if key == "graph.name" else settings)[key[6:]] = value
        elif key in ("graph.timeout_ms", "graph.max_concurrency"):
            _set_int(settings, key[6:], key, value, bad, None)
        elif m := _GROUP_RE.match(key):
            gid, attr = m.groups()
            if attr not in _GROUP_ATTRS:
                bad("unknown_key", key, f"unknown key (a group has {', '.join(_GROUP_ATTRS)})")
            elif not ID_RE.match(gid):
                bad("bad_id", key, f"{_show(gid)} is not a valid group id ({_ID_RULE})")
            elif attr == "label":
                groups.setdefault(gid, {"id": gid})["label"] = value
            else:
                _set_int(groups.setdefault(gid, {"id": gid}), attr, key, value, bad, None)
        elif (m := _NODE_RE.match(key)) or (m := _NODE_SUB_RE.match(key)):
            nid = m.group(1)
            if ID_RE.match(nid):
                node = nodes.setdefault(nid, {"id": nid})
                _read_node_key(node, params.setdefault(nid, {}), key, m.groups()[1:], value, bad)
            else:
                bad("bad_id", key, f"{_show(nid)} is not a valid node id ({_ID_RULE})", nid)
        elif m := _ANY_NODE_RE.match(key):
            bad("unknown_key", key, f"unknown key (a node has {_NODE_ATTRS})", m.group(1))
        else:
            bad("unknown_key", key, "unknown key (expected graph.*, group.<id>.* or node.<id>.*)")

    for nid, node in nodes.items():
        if "op" not in node:
            if f"node.{nid}.op" not in mapping:  # else its value was refused already
                bad("missing_key", f"node.{nid}.op", "every node needs an operator", nid)
            continue
        cls = _operator(registry, node["op"])
        for name, text in params[nid].items():
            spec = cls.param_specs.get(name) if cls is not None else None
            # Unknown operator or parameter: the raw text, and from_dict names the problem.
            kind = param_kind(cls, name) if spec is not None else "str"
            try:
                node.setdefault("params", {})[name] = decode_param(kind, text)
            except ParamValueError:
                expected = _describe(spec.annotation if spec else Any)
                key = f"node.{nid}.param.{name}"
                bad("bad_value", key, f"expected {expected}, got {_show(text)}", nid)
    if problems:
        raise GraphError(problems)
    doc["settings"] = settings
    doc["groups"] = [groups[g] for g in sorted(groups)]
    doc["nodes"] = [nodes[n] for n in sorted(nodes)]
    return doc


def _read_node_key(node: dict[str, Any], params: dict[str, str], key: str,
                   parts: tuple[str, ...], value: str, bad: _Bad) -> None:
    nid, attr = node["id"], parts[0]
    if attr in ("op", "group", "when", "unless"):
        node[attr] = value
    elif attr == "timeout_ms":
        _set_int(node, attr, key, value, bad, nid)
    elif attr == "optional":
        if value in ("true", "false"):
            node["optional"] = value == "true"
        else:
            bad("bad_value", key, f"expected true or false, got {_show(value)}", nid)
    elif attr == "pos":
        xy = [_number(v) for v in value.split(",")]
        if len(xy) == 2 and xy[0] is not None and xy[1] is not None:
            node["position"] = {"x": xy[0], "y": xy[1]}
        else:
            bad("bad_value", key, f"expected two numbers 'x,y', got {_show(value)}", nid)
    elif attr == "param":
        params[parts[1]] = value
    elif not _PORT_RE.match(parts[1]):
        bad("unknown_key", key, f"{_show(parts[1])} is not a port name", nid)
    else:  # an empty value is an explicitly unconnected port
        ids = [s.strip() for s in value.split(",")] if value.strip() else []
        node.setdefault("inputs", {})[parts[1]] = ids


def _set_int(target: dict[str, Any], attr: str, key: str, value: str, bad: _Bad,
             node: str | None) -> None:
    if _INT_RE.match(value.strip()):
        target[attr] = int(value)
    else:
        bad("bad_value", key, f"expected an integer, got {_show(value)}", node)


def _number(text: str) -> int | float | None:
    try:
        value = _loads(text)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        float(value)  # coordinates become floats when validated: a 400-digit int overflows
    except (ParamValueError, OverflowError):
        return None
    return value


def _show(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


# -- declared types -------------------------------------------------------------------------


def _operator(registry: Registry, op: str) -> type[Operator] | None:
    try:
        return registry.get(op)
    except UnknownOperatorError:
        return None


def param_kind(cls: type[Operator] | None, name: str) -> Kind:
    """How a param is spelled; an unknown param gets "mixed", which reads back whatever."""
    spec = cls.param_specs.get(name) if cls is not None else None
    if spec is None:
        return "mixed"
    some, only = _admits_str(spec.annotation)
    return "str" if only else "mixed" if some else "json"


def _admits_str(annotation: Any) -> tuple[bool, bool]:
    """(admits some string, admits nothing but strings) for a declared type."""
    t = unwrap(annotation)
    origin = typing.get_origin(t)
    if t is Any or t is object:
        return True, False
    if origin is Union or origin is types.UnionType:
        parts = [_admits_str(a) for a in typing.get_args(t)]
        return any(a for a, _ in parts), all(o for _, o in parts)
    if origin is Literal:
        strs = [isinstance(v, str) for v in typing.get_args(t)]
        return any(strs), all(strs)
    return (True, True) if isinstance(t, type) and issubclass(t, str) else (False, False)


_WORDS: dict[Any, str] = {
    int: "an integer", float: "a number", bool: "true or false", type(None): "null",
    list: "a JSON list", tuple: "a JSON list", set: "a JSON list", frozenset: "a JSON list",
    dict: "a JSON object",
}


def _describe(annotation: Any) -> str:
    t = unwrap(annotation)
    origin = typing.get_origin(t)
    if origin is Union or origin is types.UnionType:
        return " or ".join(dict.fromkeys(_describe(a) for a in typing.get_args(t)))
    if origin is Literal:
        return "one of " + ", ".join(json.dumps(v) for v in typing.get_args(t))
    return _WORDS.get(origin or t, "a JSON value")


# -- canonical text, hash, overlays ---------------------------------------------------------

_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "=": "\\="}
_UNESCAPES = {"\\": "\\", "n": "\n", "r": "\r"}
_VALUE_SPECIAL = re.compile(r"[\\\n\r]")
_KEY_SPECIAL = re.compile(r"[\\\n\r=]")


def _escape(text: str, special: re.Pattern[str] = _VALUE_SPECIAL) -> str:
    return special.sub(lambda m: _ESCAPES[m.group()], text)


def canonical_text(mapping: Mapping[str, str]) -> str:
    """`key=value` lines, keys sorted, layout keys (`.pos`) left out; injective.

    Valid keys never hold `\\`, `=` or line breaks; escaping them anyway keeps a junk
    mapping from sharing a hash with a valid one (the hash keys the compiled-graph cache).
    """
    return "".join(f"{_escape(k, _KEY_SPECIAL)}={_escape(mapping[k])}\n"
                   for k in sorted(mapping) if not k.endswith(".pos"))


def config_hash(mapping: Mapping[str, str]) -> str:
    # surrogatepass: a lone surrogate must hash, not crash, and stays distinct.
    return hashlib.sha256(canonical_text(mapping).encode("utf-8", "surrogatepass")).hexdigest()


def apply_overlay(base: Mapping[str, str], overlay: Mapping[str, str | None]) -> dict[str, str]:
    """Overlay keys on top of base; `None` deletes a key. Not validated (see Graph.from_kv)."""
    merged = {**base, **overlay}
    return {k: v for k, v in sorted(merged.items()) if v is not None}


# -- plain-text form ------------------------------------------------------------------------


def format_kv_text(mapping: Mapping[str, str]) -> str:
    """`key = value` lines, keys sorted, values escaped as in `canonical_text`."""
    bad_keys = [k for k in mapping if not k or k != k.strip() or k.startswith("#")
                or _KEY_SPECIAL.search(k)]
    if bad_keys:
        raise GraphError([Problem("bad_key", "this key cannot be written as a text line",
                                  None, k) for k in bad_keys])
    return "".join(f"{k} = {_escape(mapping[k])}\n" for k in sorted(mapping))


def parse_kv_text(text: str) -> dict[str, str]:
    """Read `key = value` lines (`#` comments and blank lines skipped), keys sorted.

    The value is everything after the first `=` minus one space, so leading and trailing
    spaces written by `format_kv_text` survive exactly.
    """
    out: dict[str, str] = {}
    first_line: dict[str, int] = {}
    problems: list[Problem] = []
    # Split on \n only: splitlines() would also break at \x0c, \u2028 and other characters
    # a value holds verbatim. A trailing \r is a CRLF file's: a value's own CR is escaped.
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, raw = line.partition("=")
        key = key.strip()
        if not sep or not key:
            problems.append(Problem("kv_syntax", f"line {number}: expected 'key = value'"))
        elif key in out:
            problems.append(Problem("duplicate_key", f"line {number}: duplicate key '{key}' "
                                    f"(first on line {first_line[key]})", None, key))
        elif (value := _unescape(raw.removeprefix(" "))) is None:
            problems.append(Problem("kv_syntax", f"line {number}: bad escape in the value "
                                    "(only \\\\, \\n and \\r; write \\\\ for a backslash)",
                                    None, key))
        else:
            out[key], first_line[key] = value, number
    if problems:
        raise GraphError(problems)
    return dict(sorted(out.items()))


def _unescape(text: str) -> str | None:
    out, i = [], 0
    while (j := text.find("\\", i)) >= 0:
        if text[j + 1:j + 2] not in _UNESCAPES:  # also a lone trailing backslash
            return None
        out.append(text[i:j] + _UNESCAPES[text[j + 1]])
        i = j + 2
    return "".join(out) + text[i:]
