"""Memos for the report writers: much of a report repeats, so each piece is built once.

:class:`Memo` keys on the value itself (strings: notes, titles, labels).
:class:`ByIdentity` keys on the object: the report shares its tag tuples and quotes
between entries, and hashing them would cost more than building their text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["ByIdentity", "Memo"]

K = TypeVar("K")
V = TypeVar("V")


class Memo(dict[K, V]):
    """``memo[key]`` is ``make(key)``, made on the first ask (a found key costs a dict look-up)."""

    def __init__(self, make: Callable[[K], V]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: K) -> V:
        value = self[key] = self._make(key)
        return value


class ByIdentity(Generic[K, V]):
    """``memo(obj)`` is ``make(obj)``, made once per object."""

    def __init__(self, make: Callable[[K], V]) -> None:
        self._make = make
        # The value keeps the object itself, so a key is never mistaken for a later
        # object that reuses the id.
        self._found: dict[int, tuple[K, V]] = {}

    def __call__(self, obj: K) -> V:
        found = self._found.get(id(obj))
        if found is None or found[0] is not obj:
            found = self._found[id(obj)] = (obj, self._make(obj))
        return found[1]
