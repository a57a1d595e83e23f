"""The library service: one open library, and every read and write of it.

A thin front over the rooms that do the work — :mod:`~xiaomi_reader.store.articles`,
:mod:`~xiaomi_reader.store.tags`, :mod:`~xiaomi_reader.store.annotations`,
:mod:`~xiaomi_reader.store.links` — all on one data path
(:class:`~xiaomi_reader.store.transactions.Transactions`). Each public method is one
transaction, committed before the method returns for a write, so whatever a caller
has been told is saved really is on disk. Methods return plain records
(``core.records``).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from xiaomi_reader.store import access, backups, queries
from xiaomi_reader.store.annotations import Annotations
from xiaomi_reader.store.articles import Articles
from xiaomi_reader.store.database import BUSY_TIMEOUT_MS, LibraryError, OpenedLibrary, open_database
from xiaomi_reader.store.import_outcomes import ImportOutcome, ImportStatus
from xiaomi_reader.store.links import Links
from xiaomi_reader.store.log_recovery import recovery_note
from xiaomi_reader.store.own_commits import OwnCommits
from xiaomi_reader.store.seed import SEEDED_KEY, seed_if_new
from xiaomi_reader.store.sqlite import WalCheckpointer
from xiaomi_reader.store.tags import Tags
from xiaomi_reader.store.transactions import Transactions
from xiaomi_reader.store.versions import Versions

if TYPE_CHECKING:
    from xiaomi_reader.core.articles import ParsedArticle

P = ParamSpec("P")
T = TypeVar("T")

__all__ = ["SEEDED_KEY", "ImportOutcome", "ImportStatus", "Library", "LibraryError"]


def _forward(
    room: str, method: Callable[Concatenate[Any, P], T]
) -> Callable[Concatenate[Library, P], T]:
    """A method of :class:`Library` that calls ``method`` on the room in attribute ``room``."""
    name = method.__name__

    @functools.wraps(method)
    def forwarded(self: Library, *args: P.args, **kwargs: P.kwargs) -> T:
        return getattr(getattr(self, room), name)(*args, **kwargs)

    return forwarded


class Library:
    """An open library. Create with :meth:`open`; close with :meth:`close`."""

    def __init__(self, opened: OpenedLibrary) -> None:
        self._opened = opened
        self.backup_problem: str | None = None  # why today's backup could not be made
        self._checkpoints: WalCheckpointer | None = None
        if opened.path is not None and opened.read_only is None:
            self._checkpoints = WalCheckpointer(opened.path)
        # The one data path, for the rooms below and for other store modules.
        self.transactions = Transactions(
            opened.engine, opened.path, opened.read_only, self._checkpoints
        )
        self._articles = Articles(self.transactions)
        self._tags = Tags(self.transactions)
        self._annotations = Annotations(self.transactions)
        self._links = Links(self.transactions)
        self._versions = Versions(self.transactions)

    # -- lifecycle ---------------------------------------------------------------

    @classmethod
    def open(
        cls,
        target: str | os.PathLike[str],
        *,
        seed: bool = True,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    ) -> Library:
        """Open the library at a path or SQLAlchemy URL; a new one gets the bundled articles."""
        library = cls(open_database(target, busy_timeout_ms=busy_timeout_ms))
        if library.read_only:
            return library  # nothing to back up or seed: nothing can change it
        if library.path is not None and not library.created:
            try:
                backups.backup_if_first_open_today(library.transactions.engine, library.path)
            except LibraryError as exc:
                # Today's backup is a safety net, not a condition for reading and writing:
                # the library opens, and the caller tells the reader what went wrong.
                library.backup_problem = str(exc)
        if seed:
            seed_if_new(library)
        return library

    def close(self) -> None:
        self.transactions.close()
        if self._opened.hold is not None:
            self._opened.hold.release()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def path(self) -> Path | None:
        return self._opened.path

    @property
    def created(self) -> bool:
        return self._opened.created

    @property
    def backup(self) -> Path | None:
        return self._opened.backup

    @property
    def read_only(self) -> bool:
        """Opened only for reading (a read-only or full disk, an unwritable file or folder)."""
        return self._opened.read_only is not None

    @property
    def read_only_reason(self) -> str | None:
        """Why it is read-only ("the disk /media/stick is mounted read-only"), or None."""
        return self._opened.read_only.reason if self._opened.read_only else None

    @property
    def read_only_info(self) -> access.ReadOnly | None:
        """Why it is read-only and what would let the reader annotate; None if writable."""
        return self._opened.read_only

    def check_writable(self) -> None:
        """Refuse at once, with the reason and what to do, when nothing can be written."""
        self.transactions.check_writable()

    @property
    def recovery_copy(self) -> Path | None:
        """The copy of the file kept because a leftover -wal was beside it at open."""
        return self._opened.hold.recovery_copy if self._opened.hold is not None else None

    @property
    def recovery_note(self) -> str | None:
        """What to tell the reader about :attr:`recovery_copy` (None: nothing to tell)."""
        copy = self.recovery_copy
        return recovery_note(self._opened.path, copy) if copy and self._opened.path else None

    @property
    def own_commits(self) -> OwnCommits:
        """The revisions before and after each of this library's own commits."""
        return self.transactions.own_commits

    def revision(self) -> int:
        """A number that grows with every change anyone commits to the library.

        Compare two readings, after following :attr:`own_commits` from the first, to learn
        whether another program (a second window, the command line) changed the library
        in between; cheap enough to ask on every focus.
        """
        with self.transactions.read() as conn:
            return int(conn.execute(queries.REVISION).scalar() or 0)

    # -- backups -------------------------------------------------------------------

    def backups(self) -> list[backups.BackupInfo]:
        """This library's backups, newest first (none for a library that is not a file)."""
        return backups.list_backups(self.path) if self.path is not None else []

    def restore_backup(self, backup: Path) -> Path:
        """Replace the contents with a backup's; returns the copy of the contents replaced."""
        if self.path is None:
            raise LibraryError("Only a library kept in a file has backups.")
        self.check_writable()
        aside = backups.restore(self.transactions.engine, self.path, backup)
        self.own_commits.forget()  # the contents were replaced: ask revision()
        self.transactions.wrote()  # the backup API wrote outside any transaction of ours
        return aside

    # -- meta ----------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        with self.transactions.read() as conn:
            return conn.execute(queries.META, {"key": key}).scalar()

    def set_meta(self, key: str, value: str) -> None:
        with self.transactions.write() as conn:
            updated = conn.execute(queries.UPDATE_META, {"meta_key": key, "new_value": value})
            if updated.rowcount == 0:
                conn.execute(queries.INSERT_META, {"key": key, "value": value})

    # -- articles ------------------------------------------------------------------

    def import_article(self, parsed: ParsedArticle) -> ImportOutcome:
        return self.import_parsed([parsed])[0]

    def import_article_file(self, path: str | os.PathLike[str]) -> ImportOutcome:
        return self.import_article_files([path])[0]

    # -- annotations and links -------------------------------------------------------

    def delete_annotation(self, annotation_id: int) -> None:
        """Delete an annotation; the database removes its links with it."""
        self.delete_annotations([annotation_id])

    def delete_link(self, link_id: int) -> None:
        self.delete_links([link_id])

    # The rooms' methods, under the names the window, the command line and the exporters
    # call; each keeps its room's signature and documentation.
    import_parsed = _forward("_articles", Articles.import_parsed)
    import_article_files = _forward("_articles", Articles.import_files)
    articles = _forward("_articles", Articles.summaries)
    article = _forward("_articles", Articles.article)
    articles_with_texts = _forward("_articles", Articles.with_texts)
    find_article = _forward("_articles", Articles.find)
    original_info = _forward("_articles", Articles.original_info)
    original = _forward("_articles", Articles.original)
    add_version = _forward("_versions", Versions.add)
    remove_latest_version = _forward("_versions", Versions.remove_latest)
    versions = _forward("_versions", Versions.all)
    version_dates = _forward("_versions", Versions.dates)
    old_version = _forward("_versions", Versions.old)
    accept_candidate = _forward("_versions", Versions.accept)
    put_annotation_back = _forward("_versions", Versions.put_back)
    tags = _forward("_tags", Tags.all)
    add_tag = _forward("_tags", Tags.add)
    update_tag = _forward("_tags", Tags.update)
    tag_usage = _forward("_tags", Tags.usage)
    tagged_annotation_ids = _forward("_tags", Tags.tagged_annotation_ids)
    delete_tag = _forward("_tags", Tags.delete)
    restore_tag = _forward("_tags", Tags.restore)
    add_annotation = _forward("_annotations", Annotations.add)
    annotations = _forward("_annotations", Annotations.all)
    annotation = _forward("_annotations", Annotations.one)
    set_note = _forward("_annotations", Annotations.set_note)
    set_annotation_tags = _forward("_annotations", Annotations.set_tags)
    delete_annotations = _forward("_annotations", Annotations.delete)
    restore_annotations = _forward("_annotations", Annotations.restore)
    add_link = _forward("_links", Links.add)
    links = _forward("_links", Links.all)
    links_of = _forward("_links", Links.of)
    delete_links = _forward("_links", Links.delete)
    set_link_note = _forward("_links", Links.set_note)
    restore_links = _forward("_links", Links.restore)
