"""Slot assignment: the exact formula of DESIGN §6 and an even spread."""

from __future__ import annotations

import mmh3

from webapp.experiments.traffic import SLOTS, LayerTraffic, TrafficConfig, slot


def murmur3_32(data: bytes, seed: int = 0) -> int:
    """Reference MurmurHash3 x86_32, written from the algorithm's description, to check
    the C library against."""
    c1, c2, mask = 0xCC9E2D51, 0x1B873593, 0xFFFFFFFF
    h = seed
    rotl = lambda x, r: ((x << r) | (x >> (32 - r))) & mask  # noqa: E731
    full = len(data) - len(data) % 4
    for i in range(0, full, 4):
        k = int.from_bytes(data[i:i + 4], "little")
        k = rotl((k * c1) & mask, 15) * c2 & mask
        h = (rotl(h ^ k, 13) * 5 + 0xE6546B64) & mask
    tail = int.from_bytes(data[full:], "little")
    if len(data) % 4:
        h ^= rotl((tail * c1) & mask, 15) * c2 & mask
    h ^= len(data)
    for shift, mult in ((16, 0x85EBCA6B), (13, 0xC2B2AE35)):
        h = ((h ^ (h >> shift)) * mult) & mask
    return h ^ (h >> 16)


def test_known_hash_value() -> None:
    # murmur3_32("a:b", seed 0) as unsigned; the reference implementation agrees.
    assert murmur3_32(b"a:b") == 2722392131
    assert mmh3.hash("a:b", seed=0, signed=False) == 2722392131
    assert slot("a", "b") == 2722392131 % 10_000 == 2131


def test_slot_is_the_design_formula() -> None:
    for salt, unit in [("ranking", "u0001"), ("recall", "u0001"), ("s", "ünïcode-42"),
                       ("", ""), ("salt", "x" * 37)]:
        expected = murmur3_32(f"{salt}:{unit}".encode()) % 10_000
        assert slot(salt, unit) == expected
        assert slot(salt, unit) == mmh3.hash(f"{salt}:{unit}", seed=0, signed=False) % SLOTS


def test_salts_decorrelate_layers() -> None:
    same = sum(slot("a", f"u{i}") // 1000 == slot("b", f"u{i}") // 1000 for i in range(10_000))
    assert 800 < same < 1200  # independent deciles agree ~10% of the time


def test_assignment_is_uniform_chi_square() -> None:
    """100,000 ids into 10 equal buckets: chi-square below the 0.999 quantile for 9 degrees
    of freedom (27.88); a skewed hash (or a wrong modulus) fails it."""
    from webapp.experiments.traffic import BucketRange

    buckets = tuple(BucketRange(i, "e", f"b{i}", i * 1000, (i + 1) * 1000, {})
                    for i in range(10))
    config = TrafficConfig([LayerTraffic("layer", "salt-1", buckets)])
    counts = [0] * 10
    for i in range(100_000):
        counts[int(config.resolve(1, {}, f"user-{i}").assignment["layer"]["bucket"][1:])] += 1
    expected = 10_000
    chi2 = sum((c - expected) ** 2 / expected for c in counts)
    assert chi2 < 27.88, (chi2, counts)
