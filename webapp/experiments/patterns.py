"""Key patterns a layer owns (DESIGN §6), e.g. `node.cf.param.*`.

A pattern is literal key text where `*` stands for any run of characters, dots included
(so `node.*.limit` owns `node.cf.param.limit`). No `?` or `[...]`: with `*` alone, whether
two patterns overlap can be decided exactly, which is what ownership needs.

Overlap rule: two patterns overlap iff some key matches both. `overlap` decides it by
walking both patterns at once (a dynamic programme over positions): literals must agree,
and a `*` may absorb the other side's literal or stand for nothing. Any common key gives
such a walk and any walk spells a common key, so the answer is neither too strict nor too
lax (a prefix rule would refuse `node.a.*` against `node.*.x` only by luck).
"""

from __future__ import annotations

import re
from functools import lru_cache

# The characters of DESIGN §5 keys (ids, port and param names, dots) plus the wildcard.
PATTERN_RE = re.compile(r"^[A-Za-z0-9_.*]{1,200}$")
PATTERN_RULE = "letters, digits, '_', '.' and the wildcard '*', at most 200 characters"


def is_valid(pattern: str) -> bool:
    return bool(PATTERN_RE.match(pattern))


@lru_cache(maxsize=4096)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile("".join(".*" if c == "*" else re.escape(c) for c in pattern) + r"\Z",
                      re.DOTALL)


def matches(pattern: str, key: str) -> bool:
    return _regex(pattern).match(key) is not None


def owned(patterns: list[str], key: str) -> bool:
    return any(matches(p, key) for p in patterns)


def overlap(a: str, b: str) -> bool:
    """True iff some key matches both patterns."""
    return common_key(a, b) is not None


def common_key(a: str, b: str) -> str | None:
    """A key matching both patterns (a short one), or None when they are disjoint."""
    a, b = re.sub(r"\*+", "*", a), re.sub(r"\*+", "*", b)
    parent: dict[tuple[int, int], tuple[tuple[int, int], str] | None] = {(0, 0): None}
    queue = [(0, 0)]
    for i, j in queue:  # breadth first: grows while walked
        if i == len(a) and j == len(b):
            out: list[str] = []
            step = parent[(i, j)]
            while step is not None:
                out.append(step[1])
                step = parent[step[0]]
            return "".join(reversed(out))
        ca = a[i] if i < len(a) else None
        cb = b[j] if j < len(b) else None
        moves: list[tuple[int, int, str]] = []
        if ca == "*":
            moves.append((i + 1, j, ""))  # a's star stands for nothing (more)
            if cb is not None and cb != "*":
                moves.append((i, j + 1, cb))  # a's star absorbs b's literal
        if cb == "*":
            moves.append((i, j + 1, ""))
            if ca is not None and ca != "*":
                moves.append((i + 1, j, ca))
        if ca is not None and ca != "*" and ca == cb:
            moves.append((i + 1, j + 1, ca))
        for ni, nj, text in moves:
            if (ni, nj) not in parent:
                parent[(ni, nj)] = ((i, j), text)
                queue.append((ni, nj))
    return None
