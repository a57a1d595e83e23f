"""The library service: every read and write of articles, tags, annotations and links.

Each public method is one short session and, for writes, one transaction that
is committed before the method returns, so whatever a caller has been told
is saved really is on disk. Methods return plain records (``core.records``).
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, Engine, event, func, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from xiaomi_reader.core import records
from xiaomi_reader.core.anchoring import build_selector
from xiaomi_reader.core.articles import (
    ArticleRefused,
    ParsedArticle,
    article_iri_of_hash,
    parse_article_file,
)
from xiaomi_reader.core.changes import Deleted
from xiaomi_reader.core.merging import merge_tags, merge_text
from xiaomi_reader.store import access, backups, reads
from xiaomi_reader.store.checkpoints import WalCheckpointer
from xiaomi_reader.store.database import (
    BUSY_TIMEOUT_MS,
    LibraryError,
    OpenedLibrary,
    open_database,
)
from xiaomi_reader.store.driver_writes import DriverInsert, driver_of
from xiaomi_reader.store.import_outcomes import ImportOutcome, ImportStatus
from xiaomi_reader.store.log_recovery import recovery_note
from xiaomi_reader.store.models import (
    AnnotationRow,
    ArticleRow,
    LibraryMeta,
    LinkRow,
    TagRow,
    annotation_tags,
    utcnow,
)
from xiaomi_reader.store.own_commits import OwnCommits, revision_in

SEEDED_KEY = "seeded"
RowT = TypeVar("RowT")


class Library:
    """An open library. Create with :meth:`open`; close with :meth:`close`."""

    def __init__(self, opened: OpenedLibrary) -> None:
        self._opened = opened
        self._engine: Engine = opened.engine
        self.backup_problem: str | None = None  # why today's backup could not be made
        # Our own commits, to tell them from other programs' (see revision()).
        self.own_commits = OwnCommits()
        self._checkpoints: WalCheckpointer | None = None
        if opened.path is not None and opened.read_only is None:
            self._checkpoints = WalCheckpointer(opened.path)
        event.listen(self._engine, "commit", self._committing)

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
                backups.backup_if_first_open_today(library._engine, library.path)
            except LibraryError as exc:
                # Today's backup is a safety net, not a condition for reading and writing:
                # the library opens, and the caller tells the reader what went wrong.
                library.backup_problem = str(exc)
        if seed:
            from xiaomi_reader.store.seed import seed_if_new

            seed_if_new(library)
        return library

    def close(self) -> None:
        if self._checkpoints is not None:
            self._checkpoints.close()
        self._engine.dispose()
        if self._checkpoints is not None:
            self._checkpoints.finish()  # the last connection: -wal and -shm go with it
        if self._opened.hold is not None:
            self._opened.hold.release()

    def _committing(self, _conn: Connection) -> None:
        """Just before a commit: checkpoint once the library is idle."""
        self._committed()

    def _committed(self) -> None:
        if self._checkpoints is not None:
            self._checkpoints.wrote()

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
        if self._opened.read_only is not None:
            raise self._opened.read_only.refusal()

    @property
    def recovery_copy(self) -> Path | None:
        """The copy of the file kept because a leftover -wal was beside it at open."""
        return self._opened.hold.recovery_copy if self._opened.hold is not None else None

    @property
    def recovery_note(self) -> str | None:
        """What to tell the reader about :attr:`recovery_copy` (None: nothing to tell)."""
        copy = self.recovery_copy
        return recovery_note(self._opened.path, copy) if copy and self._opened.path else None

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A short read-only session (for store modules; callers outside store/ use methods)."""
        try:
            with Session(self._engine, expire_on_commit=False) as session:
                yield session
        except DBAPIError as exc:
            raise access.read_failure(exc) from exc

    @contextmanager
    def write_session(self) -> Iterator[Session]:
        """One transaction: committed on success, rolled back (leaving nothing) on error."""
        self.check_writable()
        try:
            with Session(self._engine, expire_on_commit=False) as session:
                connection = session.connection(execution_options={"write": True})
                # The write lock is held from here on: nobody else commits in between.
                before = revision_in(connection)
                yield session
                session.flush()
                after = revision_in(connection)
                session.commit()
                self.own_commits.committed(before, after)
        except IntegrityError:
            raise  # a conflict its caller explains (a tag name taken, …)
        except DBAPIError as exc:
            raise _write_error(exc.orig, self.path) from exc
        except sqlite3.OperationalError as exc:  # from a statement run on the driver itself
            raise _write_error(exc, self.path) from exc

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """The library's own ``sqlite3`` connection, inside one read transaction.

        Bulk reads run the plain SQL of :mod:`~xiaomi_reader.store.reads` (shared with the
        start-up snapshot) on it directly: SQLAlchemy's per-row result processing cost
        more than the reading itself.
        """
        try:
            with self._engine.connect() as conn:
                conn.begin()  # BEGIN DEFERRED, issued by the engine's "begin" listener
                driver = conn.connection.driver_connection
                assert isinstance(driver, sqlite3.Connection)
                yield driver
        except sqlite3.Error as exc:
            raise LibraryError(f"The library could not be read: {exc}") from exc
        except DBAPIError as exc:
            raise LibraryError(f"The library could not be read: {exc.orig}") from exc

    def revision(self) -> int:
        """A number that grows with every change anyone commits to the library.

        Compare two readings, after following :attr:`own_commits` from the first, to learn
        whether another program (a second window, the command line) changed the library
        in between; cheap enough to ask on every focus.
        """
        with self._reading() as conn:
            return reads.revision(conn)

    # -- backups -------------------------------------------------------------------

    def backups(self) -> list[backups.BackupInfo]:
        """This library's backups, newest first (none for a library that is not a file)."""
        return backups.list_backups(self.path) if self.path is not None else []

    def restore_backup(self, backup: Path) -> Path:
        """Replace the contents with a backup's; returns the copy of the contents replaced."""
        if self.path is None:
            raise LibraryError("Only a library kept in a file has backups.")
        self.check_writable()
        aside = backups.restore(self._engine, self.path, backup)
        self.own_commits.forget()  # the contents were replaced: ask revision()
        self._committed()  # the backup API wrote outside any transaction of ours
        return aside

    # -- meta ----------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        with self.read_session() as session:
            row = session.get(LibraryMeta, key)
            return row.value if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.write_session() as session:
            session.merge(LibraryMeta(key=key, value=value))

    # -- articles ------------------------------------------------------------------

    def import_article(self, parsed: ParsedArticle) -> ImportOutcome:
        return self.import_parsed([parsed])[0]

    def import_parsed(
        self, articles: Sequence[ParsedArticle], names: Sequence[str] | None = None
    ) -> list[ImportOutcome]:
        """Add parsed articles in one transaction; a text already there is reported present."""
        labels = list(names) if names is not None else [a.file_name or a.title for a in articles]
        digests = [parsed.digest for parsed in articles]
        with self.write_session() as session:
            # Core statements: ORM objects for a thousand rows cost more than the rows.
            connection = session.connection()
            summaries = reads.summaries_by_hash(driver_of(connection), digests)
            fresh: dict[str, ParsedArticle] = {}
            statuses = []
            for parsed, digest in zip(articles, digests, strict=True):
                if digest in summaries or digest in fresh:  # stored, or earlier in this batch
                    statuses.append(ImportStatus.PRESENT)
                else:
                    fresh[digest] = parsed
                    statuses.append(ImportStatus.IMPORTED)
            summaries.update(_insert_articles(connection, fresh))
            return [
                ImportOutcome(label, status, summaries[digest])
                for label, status, digest in zip(labels, statuses, digests, strict=True)
            ]

    def import_article_file(self, path: str | os.PathLike[str]) -> ImportOutcome:
        return self.import_article_files([path])[0]

    def import_article_files(self, paths: Iterable[str | os.PathLike[str]]) -> list[ImportOutcome]:
        """Import files: refusals are reported per file; the rest go in one transaction."""
        names = [os.fspath(path) for path in paths]
        refused: dict[int, ImportOutcome] = {}
        parsed: list[ParsedArticle] = []
        parsed_names: list[str] = []
        for position, name in enumerate(names):
            try:
                parsed.append(parse_article_file(name))
                parsed_names.append(name)
            except ArticleRefused as exc:
                refused[position] = ImportOutcome(name, ImportStatus.REFUSED, reason=str(exc))
        imported = iter(self.import_parsed(parsed, parsed_names) if parsed else [])
        return [refused[i] if i in refused else next(imported) for i in range(len(names))]

    def articles(self) -> list[records.ArticleSummary]:
        """Every article's metadata (the texts stay in the database until one opens)."""
        with self._reading() as conn:
            return reads.article_summaries(conn)

    def article(self, article_id: int) -> records.Article:
        with self._reading() as conn:
            found = reads.article(conn, article_id)
        if found is None:
            raise LibraryError(f"There is no article with id {article_id}.")
        return found

    def articles_with_texts(self, article_ids: Sequence[int]) -> list[records.Article]:
        """These articles, texts included, in the order asked: :meth:`article` in one read."""
        with self._reading() as conn:
            found = reads.articles(conn, article_ids)
        for article_id in article_ids:
            if article_id not in found:
                raise LibraryError(f"There is no article with id {article_id}.")
        return [found[article_id] for article_id in article_ids]

    def find_article(self, key: str) -> records.Article | None:
        """An article by numeric id, IRI or URL."""
        with self.read_session() as session:
            if key.isdigit():
                row = session.get(ArticleRow, int(key))
            else:
                row = session.scalar(
                    select(ArticleRow).where((ArticleRow.iri == key) | (ArticleRow.url == key))
                )
            return _article(row) if row else None

    # -- tags ----------------------------------------------------------------------

    def tags(self) -> list[records.Tag]:
        with self._reading() as conn:
            return reads.tags(conn)

    def add_tag(
        self,
        name: str,
        colour: str,
        *,
        description: str = "",
        shortcut: str | None = None,
    ) -> records.Tag:
        clean = _tag_name(name)
        try:
            with self.write_session() as session:
                position = session.scalar(select(func.coalesce(func.max(TagRow.position), 0)))
                row = TagRow(
                    name=clean,
                    name_key=clean.casefold(),
                    colour=colour,
                    description=description,
                    shortcut=shortcut or None,
                    position=(position or 0) + 1,
                )
                session.add(row)
                session.flush()
                return _tag(row)
        except IntegrityError as exc:
            raise LibraryError(_tag_conflict(clean, shortcut)) from exc

    def update_tag(
        self,
        tag_id: int,
        *,
        name: str | None = None,
        colour: str | None = None,
        description: str | None = None,
        shortcut: str | None = "",
    ) -> records.Tag:
        """Change a tag; ``shortcut=""`` leaves it as it is, ``None`` clears it."""
        try:
            with self.write_session() as session:
                row = _get(session, TagRow, tag_id, "tag")
                if name is not None:
                    row.name = _tag_name(name)
                    row.name_key = row.name.casefold()
                if colour is not None:
                    row.colour = colour
                if description is not None:
                    row.description = description
                if shortcut != "":
                    row.shortcut = shortcut
                session.flush()
                return _tag(row)
        except IntegrityError as exc:
            raise LibraryError(_tag_conflict(name or "", shortcut)) from exc

    def tag_usage(self, tag_id: int) -> int:
        with self.read_session() as session:
            query = select(func.count()).where(annotation_tags.c.tag_id == tag_id)
            return session.scalar(query) or 0

    def tagged_annotation_ids(self, tag_id: int) -> list[int]:
        with self.read_session() as session:
            column = annotation_tags.c.annotation_id
            query = select(column).where(annotation_tags.c.tag_id == tag_id).order_by(column)
            return list(session.scalars(query))

    def delete_tag(self, tag_id: int) -> None:
        with self.write_session() as session:
            session.delete(_get(session, TagRow, tag_id, "tag"))

    def restore_tag(self, tag: records.Tag, annotation_ids: Sequence[int] = ()) -> None:
        """Put a deleted tag back under its old id, on the annotations that had it (undo)."""
        with self.write_session() as session:
            position = session.scalar(select(func.coalesce(func.max(TagRow.position), 0)))
            session.add(
                TagRow(
                    id=tag.id,
                    name=tag.name,
                    name_key=tag.name.casefold(),
                    colour=tag.colour,
                    description=tag.description,
                    shortcut=tag.shortcut,
                    position=(position or 0) + 1,
                )
            )
            session.flush()
            query = select(AnnotationRow.id).where(AnnotationRow.id.in_(annotation_ids))
            existing = set(session.scalars(query))
            rows = [{"annotation_id": a, "tag_id": tag.id} for a in annotation_ids if a in existing]
            if rows:
                session.execute(annotation_tags.insert(), rows)

    # -- annotations ---------------------------------------------------------------

    def add_annotation(
        self,
        article_id: int,
        start: int,
        end: int,
        *,
        tag_ids: Sequence[int] = (),
        note: str = "",
        author: str | None = None,
        iri: str | None = None,
    ) -> records.Annotation:
        """Annotate ``text[start:end]`` (code points) of an article.

        The hot path of annotating: plain SQL on the driver (store/driver_writes.py), about
        four times cheaper than ORM objects, and the record is built from the values
        written, not read back.
        """
        wanted_tags = list(dict.fromkeys(tag_ids))
        with self.write_session() as session:
            conn = session.connection()
            article = driver_of(conn).execute(_ARTICLE_TEXT, (article_id,)).fetchone()
            if article is None:
                raise LibraryError(
                    f"There is no article with id {article_id}; it may have been deleted."
                )
            article_iri, text = article
            try:
                selector = build_selector(text, start, end)
            except ValueError as exc:
                raise LibraryError(f"Cannot annotate that range: {exc}") from exc
            _check_tags_exist(conn, wanted_tags)
            now = utcnow()
            iri = iri or new_iri()
            values = {
                "iri": iri,
                "article_id": article_id,
                "target_source": article_iri,
                "start": selector.start,
                "end": selector.end,
                "exact": selector.exact,
                "prefix": selector.prefix,
                "suffix": selector.suffix,
                "note": note,
                "author": author,
                "state": records.AnnotationState.ANCHORED.value,
                "created": now,
                "modified": now,
            }
            ident = DriverInsert.of(conn, AnnotationRow.__table__, list(values)).one(conn, values)
            if wanted_tags:
                tag_rows = [(ident, tag_id) for tag_id in wanted_tags]
                driver_of(conn).executemany(_TAG_ANNOTATION, tag_rows)
            return records.Annotation(
                ident,
                iri,
                article_id,
                article_iri,
                selector.start,
                selector.end,
                selector.exact,
                selector.prefix,
                selector.suffix,
                note,
                author,
                records.AnnotationState.ANCHORED,
                now,
                now,
                # Tag order is the tags' own order (by id), whichever way they were attached.
                tuple(sorted(wanted_tags)),
            )

    def annotations(self, article_id: int | None = None) -> list[records.Annotation]:
        """All annotations (or one article's), by article then position, orphans last."""
        with self._reading() as conn:
            return reads.annotations(conn, article_id)

    def annotation(self, annotation_id: int) -> records.Annotation:
        with self.read_session() as session:
            return _annotation(_get(session, AnnotationRow, annotation_id, "annotation"))

    def set_note(
        self, annotation_id: int, note: str, *, replacing: str | None = None
    ) -> records.Annotation:
        """Set an annotation's note.

        ``replacing`` is the note the caller saw. If another program changed it since, the
        two edits are merged (:func:`~xiaomi_reader.core.merging.merge_text`), never
        overwritten: compare the returned note with ``note`` to learn whether that happened.
        """
        with self.write_session() as session:
            row = _get(session, AnnotationRow, annotation_id, "annotation")
            if replacing is not None:
                note, _clean = merge_text(replacing, note, row.note)
            if row.note != note:
                row.note = note
                row.modified = utcnow()
            return _annotation(row)

    def set_annotation_tags(
        self,
        annotation_id: int,
        tag_ids: Sequence[int],
        *,
        replacing: Sequence[int] | None = None,
    ) -> records.Annotation:
        """Set an annotation's tags; ``replacing`` (the tags the caller saw) as in set_note:
        tags another program added or removed since stay added or removed."""
        with self.write_session() as session:
            row = _get(session, AnnotationRow, annotation_id, "annotation")
            if replacing is not None:
                tag_ids = merge_tags(replacing, tag_ids, (tag.id for tag in row.tags))
            if {tag.id for tag in row.tags} != set(tag_ids):
                row.tags = _tags_by_id(session, tag_ids)
                row.modified = utcnow()
            return _annotation(row)

    def delete_annotation(self, annotation_id: int) -> None:
        """Delete an annotation; the database removes its links with it."""
        self.delete_annotations([annotation_id])

    def delete_annotations(self, annotation_ids: Sequence[int]) -> Deleted:
        """Delete several annotations (and, through the database, their links) at once.

        Returns them and their links as they were, read in the same transaction, so that
        an undo puts back exactly what was deleted.
        """
        ids = list(dict.fromkeys(annotation_ids))
        with self.write_session() as session:
            rows = [
                _get(session, AnnotationRow, annotation_id, "annotation") for annotation_id in ids
            ]
            query = (
                select(LinkRow)
                .where(LinkRow.source_id.in_(ids) | LinkRow.target_id.in_(ids))
                .order_by(LinkRow.id)
            )
            deleted = Deleted(
                tuple(_annotation(row) for row in rows),
                tuple(_link(row) for row in session.scalars(query)),
            )
            for row in rows:
                session.delete(row)
        return deleted

    def restore_annotations(
        self, annotations: Sequence[records.Annotation], links: Sequence[records.Link] = ()
    ) -> None:
        """Put deleted annotations back exactly as they were, ids and links included (undo)."""
        with self.write_session() as session:
            for record in annotations:
                row = AnnotationRow(
                    id=record.id,
                    iri=record.iri,
                    article_id=record.article_id,
                    target_source=record.target_source,
                    start=record.start,
                    end=record.end,
                    exact=record.exact,
                    prefix=record.prefix,
                    suffix=record.suffix,
                    note=record.note,
                    author=record.author,
                    state=record.state.value,
                    created=record.created,
                    modified=record.modified,
                )
                row.tags = _existing_tags(session, record.tag_ids)
                session.add(row)
            session.flush()
            session.add_all(_link_row(link) for link in links)

    # -- links ---------------------------------------------------------------------

    def add_link(
        self,
        source_id: int,
        target_id: int,
        link_type: records.LinkType | str,
        *,
        note: str = "",
        iri: str | None = None,
    ) -> records.Link:
        try:
            kind = records.LinkType(link_type)
        except ValueError as exc:
            known = ", ".join(t.value for t in records.LinkType)
            raise LibraryError(f"Unknown link type {link_type!r}; use one of: {known}.") from exc
        if source_id == target_id:
            raise LibraryError("An annotation cannot be linked to itself.")
        with self.write_session() as session:
            _get(session, AnnotationRow, source_id, "annotation")
            _get(session, AnnotationRow, target_id, "annotation")
            row = LinkRow(
                iri=iri or new_iri(),
                source_id=source_id,
                target_id=target_id,
                type=kind.value,
                note=note,
                created=utcnow(),
            )
            session.add(row)
            session.flush()
            return _link(row)

    def links(self) -> list[records.Link]:
        with self._reading() as conn:
            return reads.links(conn)

    def links_of(self, annotation_ids: Sequence[int]) -> list[records.Link]:
        """Links with either end among these annotations."""
        ids = list(annotation_ids)
        query = (
            select(LinkRow)
            .where(LinkRow.source_id.in_(ids) | LinkRow.target_id.in_(ids))
            .order_by(LinkRow.id)
        )
        with self.read_session() as session:
            return [_link(row) for row in session.scalars(query)]

    def delete_link(self, link_id: int) -> None:
        self.delete_links([link_id])

    def delete_links(self, link_ids: Sequence[int]) -> None:
        """Delete several links (never their passages) in one transaction."""
        with self.write_session() as session:
            for link_id in dict.fromkeys(link_ids):
                session.delete(_get(session, LinkRow, link_id, "link"))

    def set_link_note(
        self, link_id: int, note: str, *, replacing: str | None = None
    ) -> records.Link:
        """Set a link's note; ``replacing`` as in :meth:`set_note`."""
        with self.write_session() as session:
            row = _get(session, LinkRow, link_id, "link")
            if replacing is not None:
                note, _clean = merge_text(replacing, note, row.note)
            row.note = note
            return _link(row)

    def restore_links(self, links: Sequence[records.Link]) -> None:
        """Put deleted links back under their old ids (undo); both ends must exist."""
        try:
            with self.write_session() as session:
                session.add_all(_link_row(link) for link in links)
        except IntegrityError as exc:
            raise LibraryError(
                "The link could not be restored: one of its passages no longer exists."
            ) from exc


def new_iri() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


# Well under SQLite's limit on the number of parameters of one statement.
def _insert_articles(
    connection: Connection, fresh: Mapping[str, ParsedArticle]
) -> dict[str, records.ArticleSummary]:
    """Insert new articles (keyed by content hash) with one executemany; their summaries."""
    if not fresh:
        return {}
    now = utcnow()
    # The ids SQLite would choose (one past the largest), given explicitly so that they
    # need not be looked up again; the IMMEDIATE transaction keeps other writers out.
    first_id = (connection.execute(select(func.max(ArticleRow.id))).scalar() or 0) + 1
    rows = [
        {
            "id": first_id + position,
            "iri": article_iri_of_hash(digest),
            "content_hash": digest,
            "title": parsed.title,
            "date": parsed.date,
            "source": parsed.source,
            "url": parsed.url,
            "file_name": parsed.file_name,
            "text": parsed.text,
            "imported_at": now,
        }
        for position, (digest, parsed) in enumerate(fresh.items())
    ]
    with _page_cache_for(connection, sum(len(parsed.text) for parsed in fresh.values())):
        DriverInsert.of(connection, ArticleRow.__table__, list(rows[0])).many(connection, rows)
    return {
        row["content_hash"]: records.ArticleSummary(
            id=row["id"],
            iri=row["iri"],
            title=row["title"],
            date=row["date"],
            source=row["source"],
            url=row["url"],
            file_name=row["file_name"],
            imported_at=now,
        )
        for row in rows
    }


# Enough page cache for a whole batch of articles, up to a bound on memory: when a
# batch outgrows the cache, SQLite spills pages half-way and the import is ~15% slower.
_IMPORT_CACHE_MAX_KIB = 64 * 1024
_CACHE_KIB_PER_CHARACTER = 2 / 1024  # UTF-8 bytes and page overhead, generously


@contextmanager
def _page_cache_for(connection: Connection, characters: int) -> Iterator[None]:
    """Enlarge this connection's page cache while ``characters`` of text are inserted."""
    before = int(connection.exec_driver_sql("PRAGMA cache_size").scalar_one())
    # Negative sizes are in KiB, positive ones in pages; compare in KiB (pages are 4 KiB).
    before_kib = -before if before < 0 else before * 4
    wanted_kib = min(_IMPORT_CACHE_MAX_KIB, int(characters * _CACHE_KIB_PER_CHARACTER))
    if wanted_kib <= before_kib:
        yield
        return
    connection.exec_driver_sql(f"PRAGMA cache_size = {-wanted_kib}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {before}")


def _get(session: Session, model: type[RowT], key: int, what: str) -> RowT:
    row = session.get(model, key)
    if row is None:
        raise LibraryError(f"There is no {what} with id {key}; it may have been deleted.")
    return row


def _tags_by_id(session: Session, tag_ids: Sequence[int]) -> list[TagRow]:
    wanted = list(dict.fromkeys(tag_ids))
    if not wanted:
        return []
    rows = {row.id: row for row in session.scalars(select(TagRow).where(TagRow.id.in_(wanted)))}
    missing = [tag_id for tag_id in wanted if tag_id not in rows]
    if missing:
        raise LibraryError(f"There is no tag with id {missing[0]}; it may have been deleted.")
    return [rows[tag_id] for tag_id in wanted]


def _write_error(cause: BaseException | None, path: Path | None) -> LibraryError:
    full = access.write_failure(cause, path)
    if full is not None:
        return full
    if "locked" in str(cause) or "busy" in str(cause):
        return LibraryError(
            "The library is busy: another program is writing to it. "
            "Nothing was changed; try again in a moment."
        )
    return LibraryError(f"The library could not be written: {cause}")


# The statements of add_annotation, run on the driver (see store/driver_writes.py).
_ARTICLE_TEXT = "SELECT iri, text FROM articles WHERE id = ?"
_TAG_ANNOTATION = "INSERT INTO annotation_tags (annotation_id, tag_id) VALUES (?, ?)"


def _check_tags_exist(connection: Connection, tag_ids: Sequence[int]) -> None:
    """Refuse (as :func:`_tags_by_id` does) a tag id that is not in the library."""
    if not tag_ids:
        return
    marks = ", ".join("?" * len(tag_ids))
    query = f"SELECT id FROM tags WHERE id IN ({marks})"
    found = {tag_id for (tag_id,) in driver_of(connection).execute(query, tuple(tag_ids))}
    missing = [tag_id for tag_id in tag_ids if tag_id not in found]
    if missing:
        raise LibraryError(f"There is no tag with id {missing[0]}; it may have been deleted.")


def _existing_tags(session: Session, tag_ids: Sequence[int]) -> list[TagRow]:
    """The tags that still exist; a restored annotation silently loses deleted ones."""
    if not tag_ids:
        return []
    rows = {row.id: row for row in session.scalars(select(TagRow).where(TagRow.id.in_(tag_ids)))}
    return [rows[tag_id] for tag_id in tag_ids if tag_id in rows]


def _tag_name(name: str) -> str:
    clean = " ".join(name.split())
    if not clean:
        raise LibraryError("A tag needs a name.")
    return clean


def _tag_conflict(name: str, shortcut: str | None) -> str:
    if shortcut:
        return f"A tag named {name!r} or with the shortcut {shortcut!r} already exists."
    return f"A tag named {name!r} already exists (names ignore case)."


def _article(row: ArticleRow) -> records.Article:
    return records.Article(
        id=row.id,
        iri=row.iri,
        title=row.title,
        date=row.date,
        source=row.source,
        url=row.url,
        file_name=row.file_name,
        imported_at=row.imported_at,
        text=row.text,
    )


def _link_row(link: records.Link) -> LinkRow:
    """A deleted link's row again, under its old id (undo)."""
    return LinkRow(
        id=link.id,
        iri=link.iri,
        source_id=link.source_id,
        target_id=link.target_id,
        type=link.type.value,
        note=link.note,
        created=link.created,
    )


def _tag(row: TagRow) -> records.Tag:
    return records.Tag(
        id=row.id,
        name=row.name,
        colour=row.colour,
        description=row.description,
        shortcut=row.shortcut,
    )


def _annotation(row: AnnotationRow) -> records.Annotation:
    return records.Annotation(
        id=row.id,
        iri=row.iri,
        article_id=row.article_id,
        target_source=row.target_source,
        start=row.start,
        end=row.end,
        exact=row.exact,
        prefix=row.prefix,
        suffix=row.suffix,
        note=row.note,
        author=row.author,
        state=records.AnnotationState(row.state),
        created=row.created,
        modified=row.modified,
        # Tag order is the tags' own order (by id), whichever way they were attached.
        tag_ids=tuple(sorted(tag.id for tag in row.tags)),
    )


def _link(row: LinkRow) -> records.Link:
    return records.Link(
        id=row.id,
        iri=row.iri,
        source_id=row.source_id,
        target_id=row.target_id,
        type=records.LinkType(row.type),
        note=row.note,
        created=row.created,
    )
