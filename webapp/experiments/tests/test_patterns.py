"""Key-pattern overlap, decided exactly (see patterns.py for the rule)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webapp.experiments.patterns import common_key, matches, overlap


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("node.cf.param.*", "node.cf.*", True),
    ("node.cf.param.*", "node.cf.param.limit", True),
    ("node.a.*", "node.*.x", True),  # node.a.x: a prefix rule alone would miss the reason
    ("node.a.*", "node.b.*", False),
    ("node.cf.param.limit", "node.cf.param.seeds", False),
    ("node.cf.param.*", "node.hot.param.*", False),
    ("a*b", "*c", False),
    ("a.*", "a", False),
    ("*", "graph.name", True),
])
def test_overlap(a: str, b: str, expected: bool) -> None:
    assert overlap(a, b) is expected and overlap(b, a) is expected


def test_witness_matches_both() -> None:
    key = common_key("node.*.param.limit", "node.cf.*")
    assert key is not None and matches("node.*.param.limit", key) and matches("node.cf.*", key)


def test_star_matches_dots_too() -> None:
    assert matches("node.*", "node.cf.param.limit") and not matches("node.cf.*", "node.hot.op")


patterns = st.text(alphabet="ab.*", min_size=1, max_size=6)


@given(patterns, patterns, st.text(alphabet="ab.", max_size=8))
def test_a_common_key_means_overlap(a: str, b: str, key: str) -> None:
    """Soundness both ways: any key matching both implies overlap; any witness matches."""
    if matches(a, key) and matches(b, key):
        assert overlap(a, b)
    witness = common_key(a, b)
    if witness is not None:
        assert re.fullmatch(r"[ab.]*", witness) and matches(a, witness) and matches(b, witness)
