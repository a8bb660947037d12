"""A thread-safe LRU of compiled graphs keyed by config hash ("hot refresh": a new config
is a new hash, so it is compiled on first use with no restart)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class LRUCache(Generic[V]):
    def __init__(self, maxsize: int = 128) -> None:
        if maxsize < 1:
            raise ValueError("maxsize must be at least 1")
        self.maxsize = maxsize
        self._data: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
                self.hits += 1
            return value

    def get_or_build(self, key: Hashable, build: Callable[[], V]) -> V:
        """The cached value, or `build()` stored under `key`. Building happens outside the
        lock so one slow compile does not stall lookups of other graphs; if two threads race,
        the first stored value wins and both return it."""
        value = self.get(key)
        if value is not None:
            return value
        built = build()
        with self._lock:
            self.misses += 1
            value = self._data.setdefault(key, built)
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)
            return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._data)

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._data
