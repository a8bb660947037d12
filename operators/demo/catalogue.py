"""A deterministic synthetic catalogue: items with power-law popularity, users with
behaviour histories biased to their favourite categories, item-to-item neighbours from
co-occurrence in those histories. Pure data: loading into Redis is load.py's job."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

DAY = 86_400
# A fixed "now" so that freshness and histories are the same on every machine.
DEMO_NOW = 1_767_225_600  # 2026-01-01T00:00:00Z


@dataclass(frozen=True)
class Item:
    item_id: str
    title: str
    category: str
    author: str
    popularity: int
    created_at: int
    quality: float
    price: float


@dataclass(frozen=True)
class User:
    user_id: str
    days_since_signup: int
    favourite_category: str
    segment: str
    history: tuple[tuple[str, int], ...]  # (item_id, time), oldest first
    seen: tuple[str, ...]


@dataclass
class Catalogue:
    now: int
    categories: list[str]
    items: list[Item]
    users: list[User]
    neighbours: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    pool_approved: set[str] = field(default_factory=set)
    blocklist: set[str] = field(default_factory=set)


def generate(
    n_items: int = 5000, n_categories: int = 32, n_users: int = 1000, seed: int = 7,
    neighbours_per_item: int = 20, now: int = DEMO_NOW,
) -> Catalogue:
    """`now` anchors publication and history times (fixed by default, so the data is the
    same on every machine; a live demo passes the current time so items look fresh)."""
    rng = random.Random(seed)
    categories = [f"c{i:02d}" for i in range(n_categories)]
    authors = [f"a{i:03d}" for i in range(max(10, n_items // 25))]
    items = []
    for i in range(n_items):
        # Pareto-distributed popularity: a few items are very popular, most are not.
        popularity = int(10 * rng.paretovariate(1.16))
        items.append(Item(
            item_id=f"i{i:05d}",
            title=f"Item {i}",
            category=categories[min(int(rng.paretovariate(0.8)) - 1, n_categories - 1)
                                if rng.random() < 0.3 else rng.randrange(n_categories)],
            author=rng.choice(authors),
            popularity=popularity,
            created_at=now - rng.randrange(60 * DAY),
            quality=round(rng.betavariate(5, 2), 4),
            price=round(rng.uniform(1, 200), 2),
        ))
    by_category: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        by_category[item.category].append(item)
    weights = {c: [it.popularity for it in its] for c, its in by_category.items()}
    all_weights = [it.popularity for it in items]
    users = []
    for u in range(n_users):
        favourite = rng.choice(categories)
        new = rng.random() < 0.15
        days = rng.randrange(0, 7) if new else rng.randrange(7, 1500)
        length = rng.randrange(0, 4) if new else rng.randrange(5, 60)
        picks: list[Item] = []
        for _ in range(length):
            if rng.random() < 0.6 and by_category.get(favourite):
                picks.append(rng.choices(by_category[favourite], weights[favourite])[0])
            else:
                picks.append(rng.choices(items, all_weights)[0])
        times = sorted(now - rng.randrange(min(days, 60) * DAY + 3600) for _ in picks)
        history = tuple(dict(zip((p.item_id for p in picks), times, strict=True)).items())
        seen = tuple(item_id for item_id, _ in history if rng.random() < 0.5)
        users.append(User(f"u{u:04d}", days, favourite,
                          rng.choice(["casual", "heavy", "bargain"]), history, seen))
    cat = Catalogue(now, categories, items, users)
    cat.neighbours = _neighbours(items, users, by_category, neighbours_per_item)
    cat.pool_approved = {it.item_id for it in items if rng.random() < 0.95}
    cat.blocklist = {rng.choice(items).item_id for _ in range(max(1, n_items // 500))}
    return cat


def _neighbours(
    items: list[Item], users: list[User], by_category: dict[str, list[Item]], k: int
) -> dict[str, list[tuple[str, float]]]:
    """Co-occurrence within user histories (cosine-normalised), topped up with popular items
    of the same category so that every item has neighbours."""
    pairs: Counter[tuple[str, str]] = Counter()
    counts: Counter[str] = Counter()
    for user in users:
        ids = [item_id for item_id, _ in user.history][-30:]
        counts.update(ids)
        for a in ids:
            for b in ids:
                if a != b:
                    pairs[(a, b)] += 1
    co: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for (a, b), n in pairs.items():
        co[a].append((b, n / (counts[a] * counts[b]) ** 0.5))
    top_by_category = {c: sorted(its, key=lambda it: -it.popularity)[: k + 1]
                       for c, its in by_category.items()}
    out: dict[str, list[tuple[str, float]]] = {}
    for item in items:
        found = dict(sorted(co.get(item.item_id, []), key=lambda p: -p[1])[:k])
        for rank, other in enumerate(top_by_category[item.category]):
            if len(found) >= k:
                break
            if other.item_id != item.item_id and other.item_id not in found:
                found[other.item_id] = round(0.5 / (rank + 1), 4)
        out[item.item_id] = [(i, round(min(max(s, 1e-4), 1.0), 4)) for i, s in found.items()]
    return out
