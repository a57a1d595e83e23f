"""Telling this program's own commits apart from everyone else's.

Triggers raise the library's revision with every change, whoever makes it.
Each write transaction of ours reads the revision when it starts (holding the
write lock, so nobody else can commit in between) and again just before it
commits. A window that has seen revision *K* can then follow our own commits
from *K*: if they lead to the revision the library has now, nothing else
changed; if the chain breaks, another program committed in between and the
window must read the library again. (SQLite's ``PRAGMA data_version`` says
only that *some* other connection wrote, and is per connection; the counter
works the same on any database.)
"""

from __future__ import annotations

import threading

from sqlalchemy import Connection

from xiaomi_reader.store.queries import REVISION


def revision_in(connection: Connection) -> int:
    """The library's revision as this connection's transaction sees it."""
    return int(connection.execute(REVISION).scalar() or 0)


class OwnCommits:
    """The revisions before and after each of our own commits."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._after: dict[int, int] = {}  # revision before one of our commits → after it
        self.latest: int | None = None  # the revision our newest commit left

    def committed(self, before: int, after: int) -> None:
        if after == before:  # a transaction that changed nothing
            return
        with self._lock:
            self._after[before] = after
            self.latest = after

    def follow(self, known: int) -> int:
        """The revision our own commits lead to from ``known`` (``known`` if none start there)."""
        with self._lock:
            while known in self._after:
                known = self._after.pop(known)
            # Commits from before ``known`` can never be followed again.
            for stale in [before for before in self._after if before < known]:
                del self._after[stale]
            return known

    def forget(self) -> None:
        """The contents were replaced (a restored backup): no chain leads across that."""
        with self._lock:
            self._after.clear()
            self.latest = None
