"""Versions of an article: a new text of it, its annotations carried over, and undo.

The ``articles`` row is always the current version; the version it supersedes moves to
``article_versions``, and where each of its annotations was on it to
``annotation_places``. Each operation is one transaction, and its cost grows with the
article's annotations, not with the library.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from xiaomi_reader.core import records
from xiaomi_reader.core.anchoring import Selector, build_selector
from xiaomi_reader.core.changes import Changes
from xiaomi_reader.core.url_identity import url_key
from xiaomi_reader.core.version_summary import ArticleVersion, VersionCounts, VersionOutcome
from xiaomi_reader.store import queries, rows
from xiaomi_reader.store.annotations import read_annotations
from xiaomi_reader.store.errors import LibraryError
from xiaomi_reader.store.originals import original_values
from xiaomi_reader.store.schema import utcnow
from xiaomi_reader.store.transactions import Transactions, missing

if TYPE_CHECKING:
    from xiaomi_reader.core.articles import ParsedArticle
    from xiaomi_reader.core.reanchoring import Reanchored

__all__ = ["VersionOutcome", "Versions", "add_version_in", "summary_of"]

_S = records.AnnotationState


class Versions:
    def __init__(self, transactions: Transactions) -> None:
        self._tx = transactions

    def add(self, article_id: int, parsed: ParsedArticle) -> VersionOutcome:
        """Make ``parsed`` the article's next version, in one transaction; a text that is
        already one of its versions changes nothing."""
        with self._tx.write() as conn:
            return add_version_in(conn, article_id, parsed)

    def remove_latest(self, article_id: int, number: int) -> Changes:
        """Undo :meth:`add`: version ``number`` (the latest) goes, the one before is current
        again, and every annotation is back where it was on it."""
        with self._tx.write() as conn:
            return _remove_latest(conn, article_id, number)

    def all(self, article_id: int) -> list[ArticleVersion]:
        """The article's versions, oldest first, each with how many annotations are on it."""
        with self._tx.read() as conn:
            current = _current(conn, article_id)
            tally = conn.execute(queries.PLACE_COUNTS, {"article_id": article_id})
            counts: dict[int, int] = {number: count for number, count in tally}
            on_current = conn.execute(
                queries.ANNOTATIONS_ON_VERSION, {"article_id": article_id, "version": current[1]}
            ).all()
            old = conn.execute(queries.OLD_VERSIONS, {"article_id": article_id}).all()
        found = [
            ArticleVersion(
                article_id, number, title, imported, fetched, counts.get(number, 0), False
            )
            for number, title, imported, fetched in old
        ]
        number, title, imported, fetched = current[1], current[4], current[13], current[12]
        placed = sum(1 for row in on_current if row[11] in ("anchored", "changed"))
        found.append(ArticleVersion(article_id, number, title, imported, fetched, placed, True))
        return found

    def dates(self, summaries: Sequence[records.ArticleSummary]) -> dict[tuple[int, int], datetime]:
        """When each version was fetched (or else imported), by (article id, version): the
        current ones from ``summaries``, the earlier ones read."""
        dates = {(s.id, s.version): s.fetched_at or s.imported_at for s in summaries}
        if any(s.version > 1 for s in summaries):
            with self._tx.read() as conn:
                for article_id, number, fetched, imported in conn.execute(queries.VERSION_DATES):
                    dates[(article_id, number)] = fetched or imported
        return dates

    def old(self, article_id: int, number: int) -> tuple[records.Article, list[records.Annotation]]:
        """An earlier version's text, and its annotations placed where they were on it."""
        with self._tx.read() as conn:
            current = _current(conn, article_id)
            if number == current[1]:
                raise LibraryError(f"Version {number} is the current version of the article.")
            row = conn.execute(
                queries.OLD_VERSION, {"article_id": article_id, "number": number}
            ).first()
            if row is None:
                raise LibraryError(f"The article has no version {number}.")
            places = conn.execute(
                queries.PLACES_ON_VERSION, {"article_id": article_id, "version": number}
            ).all()
            ids = [p[0] for p in places]
            now = {a.id: a for a in read_annotations(conn, ids)}
        n, text, _hash, title, date, source, url, file_name, site, author, lang, fetched, at = row
        article = records.Article(
            article_id, current[14], title, date, source, url, file_name, at, text, author,
            site, lang, fetched, n,
        )  # fmt: skip
        placed = [
            _with_place(now[ident], number, start, end, exact, prefix, suffix, state, before)
            for ident, start, end, exact, prefix, suffix, state, before in places
        ]
        return article, placed

    def accept(self, annotation_id: int) -> records.Annotation:
        """A needs-review annotation takes its candidate place in the current version."""
        with self._tx.write() as conn:
            [annotation] = read_annotations(conn, [annotation_id])
            if annotation.state is not _S.NEEDS_REVIEW or annotation.candidate_start is None:
                raise LibraryError("That annotation has no place waiting for review.")
            assert annotation.article_id is not None
            current = _current(conn, annotation.article_id)
            offered = annotation.offered_place(current[1])
            if offered is None:
                raise LibraryError(
                    "The article has changed again since this place was offered; "
                    "its place cannot be accepted now."
                )
            selector = build_selector(current[2], *offered)
            _set_place(conn, annotation.id, selector, _S.ANCHORED, current[1], None, None)
            [after] = read_annotations(conn, [annotation_id])
        return after

    def put_back(self, annotation: records.Annotation) -> records.Annotation:
        """Set an annotation's place and state back to a record of it (undoing :meth:`accept`)."""
        with self._tx.write() as conn:
            a = annotation
            conn.execute(
                queries.SET_PLACE,
                _place_params(
                    a.id, a.start, a.end, a.exact, a.prefix, a.suffix, a.state, a.version,
                    a.previous_exact, a.candidate_start, a.candidate_end,
                ),
            )  # fmt: skip
            [after] = read_annotations(conn, [annotation.id])
        return after


def _current(conn: Connection, article_id: int) -> Any:
    """The current version's row (queries.ARTICLE_VERSION_ROW, the article's iri last)."""
    row = conn.execute(queries.ARTICLE_VERSION_ROW, {"id": article_id}).first()
    if row is None:
        raise missing("article", article_id)
    return row


def _with_place(
    annotation: records.Annotation,
    version: int,
    start: int,
    end: int,
    exact: str,
    prefix: str,
    suffix: str,
    state: str,
    previous: str | None,
) -> records.Annotation:
    return replace(
        annotation, start=start, end=end, exact=exact, prefix=prefix, suffix=suffix,
        state=_S(state), version=version, previous_exact=previous, candidate_start=None,
        candidate_end=None,
    )  # fmt: skip


def add_version_in(conn: Connection, article_id: int, parsed: ParsedArticle) -> VersionOutcome:
    """:meth:`Versions.add` inside a transaction of the caller's (an import's)."""
    current = _current(conn, article_id)
    (_id, number, old_text, old_hash, title, date, source, url, file_name, site, author,
     language, fetched_at, imported_at, _) = current  # fmt: skip
    digest = parsed.digest
    if digest == old_hash:
        return VersionOutcome(summary_of(conn, article_id), number, False)
    same = conn.execute(queries.OLD_VERSION_BY_HASH, {"article_id": article_id, "digest": digest})
    earlier = same.scalar()
    if earlier is not None:
        return VersionOutcome(summary_of(conn, article_id), int(earlier), False)
    other = conn.execute(queries.ARTICLE_ID_BY_HASH, {"digest": digest}).scalar()
    if other is not None:
        raise LibraryError(
            f"That text is already in the library as another article (id {other}); "
            "it cannot also be a version of this one."
        )
    conn.execute(
        queries.INSERT_OLD_VERSION,
        {
            "article_id": article_id, "number": number, "text": old_text,
            "content_hash": old_hash, "title": title, "date": date, "source": source,
            "url": url, "file_name": file_name, "site": site, "author": author,
            "language": language, "fetched_at": fetched_at, "imported_at": imported_at,
        },
    )  # fmt: skip
    new_number = number + 1
    fetched = parsed.original.fetched_at if parsed.original else None
    conn.execute(
        queries.UPDATE_ARTICLE_VERSION.values(
            text=parsed.text, content_hash=digest, title=parsed.title,
            date=parsed.date or date, source=parsed.source or source, url=parsed.url or url,
            url_key=url_key(parsed.url or url),
            file_name=parsed.file_name, site=parsed.site or parsed.source or site,
            author=parsed.author, language=parsed.language, fetched_at=fetched,
            imported_at=utcnow(), version=new_number,
        ),
        {"article_id": article_id},
    )  # fmt: skip
    if parsed.original is not None:
        conn.execute(
            queries.INSERT_ORIGINAL,
            original_values(article_id, parsed, new_number),
        )
    counts, carried, review = _carry(conn, article_id, number, old_text, parsed.text)
    return VersionOutcome(
        summary_of(conn, article_id),
        new_number,
        True,
        counts,
        Changes(annotations=tuple(carried), updated_articles=(article_id,)),
        tuple(review),
    )


def _carry(
    conn: Connection, article_id: int, number: int, old_text: str, new_text: str
) -> tuple[VersionCounts, list[records.Annotation], list[records.Annotation]]:
    """Record where each annotation of version ``number`` was, and carry it into the next."""
    found = conn.execute(
        queries.ANNOTATIONS_ON_VERSION, {"article_id": article_id, "version": number}
    ).all()
    before = [a for a in (rows.annotation(row, ()) for row in found) if a.placed]
    if not before:
        return VersionCounts(), [], []
    conn.execute(
        queries.INSERT_PLACE,
        [
            {
                "annotation_id": a.id, "version": number, "start": a.start, "end": a.end,
                "exact": a.exact, "prefix": a.prefix, "suffix": a.suffix,
                "state": a.state.value, "previous_exact": a.previous_exact,
            }
            for a in before
        ],
    )  # fmt: skip
    # Loaded with the first update, not with the library: the diff and the approximate
    # search (diff-match-patch, rapidfuzz) are not needed to open it.
    from xiaomi_reader.core.reanchoring import reanchor

    selectors = [Selector(a.start or 0, a.end or 0, a.exact, a.prefix, a.suffix) for a in before]
    tally = {"unchanged": 0, "moved": 0, "changed": 0, "needs_review": 0, "orphaned": 0}
    for annotation, result in zip(before, reanchor(old_text, new_text, selectors), strict=True):
        tally[_carry_one(conn, annotation, result, new_text, number)] += 1
    after = read_annotations(conn, [a.id for a in before])
    review = [a for a in after if a.state is _S.NEEDS_REVIEW]
    return VersionCounts(**tally), after, review


def _carry_one(
    conn: Connection, a: records.Annotation, result: Reanchored, new_text: str, number: int
) -> str:
    """Write one annotation's fate; returns which count it adds to."""
    from xiaomi_reader.core.reanchoring import State

    if result.state in (State.ANCHORED, State.CHANGED):
        assert result.start is not None and result.end is not None
        selector = build_selector(new_text, result.start, result.end)
        if result.state is State.ANCHORED:
            _set_place(conn, a.id, selector, _S.ANCHORED, number + 1, None, None)
            return "unchanged" if (result.start, result.end) == (a.start, a.end) else "moved"
        _set_place(conn, a.id, selector, _S.CHANGED, number + 1, a.exact, None)
        return "changed"
    stay = Selector(a.start or 0, a.end or 0, a.exact, a.prefix, a.suffix)
    if result.state is State.NEEDS_REVIEW and result.candidate is not None:
        candidate = (result.candidate.start, result.candidate.end)
        _set_place(conn, a.id, stay, _S.NEEDS_REVIEW, number, a.previous_exact, candidate)
        return "needs_review"
    _set_place(conn, a.id, stay, _S.ORPHANED, number, a.previous_exact, None)
    return "orphaned"


def _set_place(
    conn: Connection,
    annotation_id: int,
    selector: Selector,
    state: records.AnnotationState,
    version: int,
    previous: str | None,
    candidate: tuple[int, int] | None,
) -> None:
    start, end = candidate if candidate else (None, None)
    conn.execute(
        queries.SET_PLACE,
        _place_params(
            annotation_id, selector.start, selector.end, selector.exact, selector.prefix,
            selector.suffix, state, version, previous, start, end,
        ),
    )  # fmt: skip


def _place_params(
    annotation_id: int,
    start: int | None,
    end: int | None,
    exact: str,
    prefix: str,
    suffix: str,
    state: records.AnnotationState,
    version: int,
    previous: str | None,
    candidate_start: int | None,
    candidate_end: int | None,
) -> dict[str, Any]:
    """The parameters of queries.SET_PLACE."""
    return {
        "annotation_id": annotation_id, "new_start": start, "new_end": end, "new_exact": exact,
        "new_prefix": prefix, "new_suffix": suffix, "new_state": state.value,
        "new_version": version, "new_previous_exact": previous,
        "new_candidate_start": candidate_start, "new_candidate_end": candidate_end,
    }  # fmt: skip


def summary_of(conn: Connection, article_id: int) -> records.ArticleSummary:
    """The article's summary, as the Library dock lists it."""
    row = conn.execute(queries.ARTICLE_SUMMARY, {"id": article_id}).first()
    assert row is not None
    return rows.article_summary(row)


def _remove_latest(conn: Connection, article_id: int, number: int) -> Changes:
    current = _current(conn, article_id)
    if current[1] != number or number < 2:
        raise LibraryError(
            f"Version {number} is not the latest version of the article (that is version "
            f"{current[1]}), so it cannot be taken back."
        )
    previous = number - 1
    row = conn.execute(queries.OLD_VERSION, {"article_id": article_id, "number": previous}).one()
    (_n, text, digest, title, date, source, url, file_name, site, author, language, fetched,
     imported) = row  # fmt: skip
    places = conn.execute(
        queries.PLACES_ON_VERSION, {"article_id": article_id, "version": previous}
    ).all()
    placed_ids = {p[0] for p in places}
    on_latest = conn.execute(
        queries.ANNOTATIONS_ON_VERSION, {"article_id": article_id, "version": number}
    ).all()
    newer = [r[0] for r in on_latest if r[0] not in placed_ids]
    if newer:
        raise LibraryError(
            f"{len(newer)} annotation(s) were made on version {number} since it was added; "
            "delete them first to take the version back."
        )
    conn.execute(
        queries.UPDATE_ARTICLE_VERSION.values(
            text=text, content_hash=digest, title=title, date=date, source=source, url=url,
            url_key=url_key(url),
            file_name=file_name, site=site, author=author, language=language,
            fetched_at=fetched, imported_at=imported, version=previous,
        ),
        {"article_id": article_id},
    )  # fmt: skip
    conn.execute(queries.DELETE_OLD_VERSION, {"article_id": article_id, "number": previous})
    conn.execute(queries.DELETE_ORIGINAL, {"article_id": article_id, "version": number})
    for ident, start, end, exact, prefix, suffix, state, before in places:
        selector = Selector(start, end, exact, prefix, suffix)
        _set_place(conn, ident, selector, _S(state), previous, before, None)
    ids = sorted(placed_ids)
    for chunk in queries.chunks(ids):
        conn.execute(queries.DELETE_PLACES, {"ids": chunk, "version": previous})
    return Changes(annotations=tuple(read_annotations(conn, ids)), updated_articles=(article_id,))
