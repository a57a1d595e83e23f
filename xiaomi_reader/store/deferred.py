"""A library that answers its first reads from a snapshot and opens properly when needed.

The window is built on one of these: the reads it makes while it is being built come
from a :class:`~xiaomi_reader.store.snapshot.LibrarySnapshot` (no SQLAlchemy), and the
library proper is opened by :meth:`DeferredLibrary.load` — right after the first paint,
or at once by anything the snapshot cannot answer (every write, backups, exports).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xiaomi_reader.store.errors import LibraryError
from xiaomi_reader.store.own_commits import OwnCommits
from xiaomi_reader.store.snapshot import LibrarySnapshot, SnapshotUnavailable

if TYPE_CHECKING:
    from xiaomi_reader.store.access import ReadOnly
    from xiaomi_reader.store.library import Library

_SNAPSHOT_READS = frozenset({"revision", "articles", "article", "tags", "annotations", "links"})


class DeferredLibrary:
    """Stands in for a :class:`Library`; ``open_library`` returns it, or None if the reader
    gave up (then whatever needed it fails with a :class:`LibraryError`)."""

    def __init__(
        self, snapshot: LibrarySnapshot, open_library: Callable[[], Library | None]
    ) -> None:
        self._snapshot = snapshot
        self._open_library = open_library
        self._real: Library | None = None
        self._no_commits = OwnCommits()

    @property
    def loaded(self) -> bool:
        return self._real is not None

    @property
    def path(self) -> Path | None:
        return self._snapshot.path if self._real is None else self._real.path

    @property
    def read_only_info(self) -> ReadOnly | None:
        """Known once the library proper is open (the snapshot only reads)."""
        return None if self._real is None else self._real.read_only_info

    @property
    def own_commits(self) -> OwnCommits:
        """Nothing is written before the library proper is open."""
        return self._no_commits if self._real is None else self._real.own_commits

    def load(self) -> Library:
        """The library proper, opened on the first call."""
        if self._real is None:
            opened = self._open_library()
            if opened is None:
                raise LibraryError("The library is not open.")
            self._real = opened
            self._snapshot.close()
        return self._real

    def close(self) -> None:
        if self._real is None:
            self._snapshot.close()
        else:
            self._real.close()

    def __getattr__(self, name: str) -> Any:
        if self._real is None and name in _SNAPSHOT_READS:
            return self._snapshot_read(name)
        return getattr(self.load(), name)

    def _snapshot_read(self, name: str) -> Callable[..., Any]:
        def read(*args: Any, **kwargs: Any) -> Any:
            if self._real is None:
                try:
                    return getattr(self._snapshot, name)(*args, **kwargs)
                except SnapshotUnavailable:
                    pass  # the file changed under the snapshot: ask the library proper
            return getattr(self.load(), name)(*args, **kwargs)

        return read
