"""Articles in the library: importing them, listing them, reading their texts."""

from __future__ import annotations

import operator
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from xiaomi_reader.core import records
from xiaomi_reader.core.display import display_name
from xiaomi_reader.core.url_identity import url_key
from xiaomi_reader.store import queries, rows, sqlite
from xiaomi_reader.store.errors import LibraryError
from xiaomi_reader.store.import_outcomes import ImportOutcome, ImportStatus
from xiaomi_reader.store.originals import original_values, unpacked
from xiaomi_reader.store.schema import utcnow
from xiaomi_reader.store.transactions import Transactions
from xiaomi_reader.store.versions import add_version_in, summary_of

# Parsing (core.articles, with charset_normalizer: ~20 ms and several MiB) is loaded by
# the first import of an article, not by every start of the window.
if TYPE_CHECKING:
    from xiaomi_reader.core.articles import ParsedArticle


# A new article's summary, from the values it was inserted with.
_summary_fields = operator.itemgetter(*(column.name for column in queries.SUMMARY_COLUMNS))


class Articles:
    def __init__(self, transactions: Transactions) -> None:
        self._tx = transactions

    def import_parsed(
        self,
        articles: Sequence[ParsedArticle],
        names: Sequence[str] | None = None,
        *,
        add_versions: bool = True,
    ) -> list[ImportOutcome]:
        """Add parsed articles in one transaction; a text already there (as any version) is
        reported present, and one whose URL is an article's (:func:`url_key`) becomes that
        article's next version — or, without ``add_versions``, is reported as
        ``LATER_VERSION`` of it and left for the caller to add."""
        labels = list(names) if names is not None else [a.file_name or a.title for a in articles]
        digests = [parsed.digest for parsed in articles]
        with self._tx.write() as conn:
            summaries = _summaries_by_hash(conn, digests)
            by_url = _articles_by_url_key(conn, [url_key(a.url) for a in articles])
            fresh: dict[str, ParsedArticle] = {}
            # Later texts at the address of an article new in this batch, by position, with
            # the content hash of that article: they become its versions once it is inserted.
            later: dict[int, str] = {}
            fresh_by_url: dict[str, str] = {}
            statuses = []
            versions: dict[int, ImportOutcome] = {}

            def as_version(position: int, article_id: int) -> ImportStatus:
                if not add_versions:
                    versions[position] = ImportOutcome(
                        labels[position], ImportStatus.LATER_VERSION, summary_of(conn, article_id)
                    )
                    return ImportStatus.LATER_VERSION
                outcome = add_version_in(conn, article_id, articles[position])
                status = ImportStatus.VERSION if outcome.added else ImportStatus.PRESENT
                versions[position] = ImportOutcome(
                    labels[position], status, outcome.article, version=outcome
                )
                return status

            for position, (parsed, digest) in enumerate(zip(articles, digests, strict=True)):
                key = url_key(parsed.url)
                same = by_url.get(key or "")
                if digest in summaries or digest in fresh:  # stored, or earlier in this batch
                    statuses.append(ImportStatus.PRESENT)
                elif same is not None:
                    statuses.append(as_version(position, same))
                elif key is not None and key in fresh_by_url:
                    later[position] = fresh_by_url[key]
                    statuses.append(ImportStatus.LATER_VERSION)  # settled below
                else:
                    fresh[digest] = parsed
                    if key is not None:
                        fresh_by_url[key] = digest
                    statuses.append(ImportStatus.IMPORTED)
            summaries.update(_insert(conn, fresh))
            for position, first in later.items():  # in the order given, as one by one
                statuses[position] = as_version(position, summaries[first].id)
            return [
                versions.get(n) or ImportOutcome(label, status, summaries[digest])
                for n, (label, status, digest) in enumerate(
                    zip(labels, statuses, digests, strict=True)
                )
            ]

    def import_files(self, paths: Iterable[str | os.PathLike[str]]) -> list[ImportOutcome]:
        """Import files: refusals are reported per file; the rest go in one transaction."""
        from xiaomi_reader.core.articles import ArticleRefused, parse_article_file

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

    def summaries(self) -> list[records.ArticleSummary]:
        """Every article without its text, with its number of annotations, in reading order."""
        with self._tx.read() as conn:
            found = conn.execute(queries.ARTICLE_SUMMARIES).all()
        return [rows.article_summary(row[:-1], row[-1]) for row in found]

    def article(self, article_id: int) -> records.Article:
        with self._tx.read() as conn:
            row = conn.execute(queries.ARTICLE, {"id": article_id}).first()
        if row is None:
            raise LibraryError(f"There is no article with id {article_id}.")
        return rows.article(row)

    def with_texts(self, article_ids: Sequence[int]) -> list[records.Article]:
        """These articles, texts included, in the order asked (one read)."""
        found: dict[int, records.Article] = {}
        with self._tx.read() as conn:
            for chunk in queries.chunks(article_ids):
                for row in conn.execute(queries.ARTICLES, {"ids": chunk}):
                    found[row[0]] = rows.article(row)
        for article_id in article_ids:
            if article_id not in found:
                raise LibraryError(f"There is no article with id {article_id}.")
        return [found[article_id] for article_id in article_ids]

    def original_info(self, article_id: int) -> records.OriginalInfo | None:
        """What is known of the article's original (not its bytes); None if none was kept."""
        with self._tx.read() as conn:
            row = conn.execute(queries.ORIGINAL_INFO, {"article_id": article_id}).first()
        return rows.original_info(row) if row else None

    def original(self, article_id: int) -> tuple[records.OriginalInfo, bytes]:
        """The article's original and its bytes, exactly as they were read or fetched."""
        with self._tx.read() as conn:
            found = conn.execute(queries.ORIGINAL_INFO, {"article_id": article_id}).first()
            if found is None:
                raise LibraryError(_no_original(conn, article_id))
            info = rows.original_info(found)
            params = {"article_id": article_id, "version": info.version}
            compression, data, text = conn.execute(queries.ORIGINAL_DATA, params).one()
        return info, unpacked(compression, data, info.size, info.sha256, text)

    def find(self, key: str) -> records.Article | None:
        """An article by numeric id, IRI, URL (as :func:`url_key` matches them) or the file
        name it was imported from.

        A file name that several articles were imported from is refused, naming them.
        """
        with self._tx.read() as conn:
            if key.isdigit():
                row = conn.execute(queries.ARTICLE, {"id": int(key)}).first()
            else:
                row = conn.execute(queries.ARTICLE_BY_IRI_OR_URL, {"key": key}).first()
            same_page = _articles_by_url_key(conn, [url_key(key)]) if row is None else {}
            if same_page:
                [article_id] = same_page.values()
                row = conn.execute(queries.ARTICLE, {"id": article_id}).first()
            if row is None and key and not key.isdigit():
                found = _by_file_name(conn, key)
                if len(found) > 1:
                    ids = ", ".join(str(r.id) for r in found)
                    raise LibraryError(
                        f"Several articles were imported from a file named {display_name(key)} "
                        f"(ids {ids}); give the id instead."
                    )
                row = found[0] if found else None
        return rows.article(row) if row else None


def _no_original(conn: Connection, article_id: int) -> str:
    if conn.execute(queries.ARTICLE, {"id": article_id}).first() is None:
        return f"There is no article with id {article_id}."
    return (
        f"Article {article_id} has no original: it was imported before xiaomi-reader kept "
        "them. Import its file or address again to keep one."
    )


def _by_file_name(conn: Connection, key: str) -> list[Any]:
    """Articles imported from a file of this name (a path counts by its last part)."""
    name = os.path.basename(key.rstrip("/\\")) or key
    return list(conn.execute(queries.ARTICLES_BY_FILE_NAME, {"name": name}))


def _summaries_by_hash(
    conn: Connection, digests: Sequence[str]
) -> dict[str, records.ArticleSummary]:
    """The stored articles with one of these content hashes, as their current or an earlier
    version, by hash (counts left at 0)."""
    found: dict[str, records.ArticleSummary] = {}
    for chunk in queries.chunks(digests):
        for row in conn.execute(queries.SUMMARIES_BY_HASH, {"digests": chunk}):
            found[row[-1]] = rows.article_summary(row[:-1])
        found_old = conn.execute(queries.OLD_VERSIONS_BY_HASH, {"digests": chunk})
        old = {digest: article_id for digest, article_id in found_old}
        for digest, article_id in old.items():
            row = conn.execute(queries.ARTICLE_SUMMARY, {"id": article_id}).one()
            found.setdefault(digest, rows.article_summary(row))
    return found


def _articles_by_url_key(conn: Connection, keys: Sequence[str | None]) -> dict[str, int]:
    """The article with each of these URL keys (:func:`url_key`; the first one, if several
    were imported before articles had versions), by key."""
    found: dict[str, int] = {}
    for chunk in queries.chunks([key for key in keys if key is not None]):
        for key, article_id in conn.execute(queries.ARTICLES_BY_URL_KEY, {"keys": chunk}):
            found.setdefault(key, article_id)
    return found


def _insert(
    conn: Connection, fresh: Mapping[str, ParsedArticle]
) -> dict[str, records.ArticleSummary]:
    """Insert new articles (keyed by content hash) with one executemany; their summaries."""
    if not fresh:
        return {}
    from xiaomi_reader.core.articles import article_iri_of_hash

    now = utcnow()
    # The ids the database would choose (one past the largest), given explicitly so that
    # they need not be looked up again; the write transaction keeps other writers out.
    first_id = (conn.execute(queries.LAST_ARTICLE_ID).scalar() or 0) + 1
    values: list[dict[str, Any]] = [
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
            "author": parsed.author,
            "site": parsed.site or parsed.source,
            "language": parsed.language,
            "fetched_at": parsed.original.fetched_at if parsed.original else None,
            "version": 1,
            "url_key": url_key(parsed.url),
        }
        for position, (digest, parsed) in enumerate(fresh.items())
    ]
    originals = [
        original_values(value["id"], parsed)
        for value, parsed in zip(values, fresh.values(), strict=True)
        if parsed.original is not None
    ]
    size = sum(len(p.text) + len(p.original.data if p.original else b"") for p in fresh.values())
    with sqlite.page_cache_for(conn, size):
        conn.execute(queries.INSERT_ARTICLE, values)
        if originals:  # in the same transaction: an article never lacks the original it had
            conn.execute(queries.INSERT_ORIGINAL, originals)
    return {value["content_hash"]: rows.article_summary(_summary_fields(value)) for value in values}
