"""``xiaomi-reader import``: files and web addresses, mixed, each with its own outcome.

Arguments are taken in the order given. Files next to each other are imported in one
transaction, as the library does for files; each address is fetched, read and stored
on its own, so its line can be printed as soon as it is done and a page that fails
leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from xiaomi_reader.store.import_outcomes import ImportOutcome, ImportStatus
from xiaomi_reader.web.addresses import looks_like_address

if TYPE_CHECKING:
    from xiaomi_reader.core.articles import ParsedArticle
    from xiaomi_reader.store.library import Library

# A page may take at most this long in all, however often its server sends a little.
TOTAL_SECONDS_AT_LEAST = 180.0


def import_files_and_addresses(
    library: Library, arguments: Sequence[str], *, timeout: float, version_of: str | None = None
) -> Iterator[ImportOutcome]:
    """One outcome per argument, in order, each yielded as soon as it is known; with
    ``version_of`` (an article's id, IRI, URL or file name) the one argument is its next
    version."""
    if version_of is not None:
        from xiaomi_reader.cli_lookup import find_article

        article_id = find_article(library, version_of).id
        yield import_version_of(library, article_id, arguments[0], timeout=timeout)
        return
    files: list[str] = []
    for argument in arguments:
        if not looks_like_address(argument):
            files.append(argument)
            continue
        if files:
            yield from library.import_article_files(files)
            files = []
        yield _import_address(library, argument, timeout)
    if files:
        yield from library.import_article_files(files)


def import_version_of(
    library: Library, article_id: int, argument: str, *, timeout: float
) -> ImportOutcome:
    """A file or page made the next version of one article, whatever its URL says."""
    from xiaomi_reader.core.articles import ArticleRefused, parse_article_file

    if looks_like_address(argument):
        read = _fetch(argument, timeout)
        if isinstance(read, ImportOutcome):
            return read
        label, parsed = read
    else:
        try:
            label, parsed = argument, parse_article_file(argument)
        except ArticleRefused as exc:
            return ImportOutcome(argument, ImportStatus.REFUSED, reason=str(exc))
    outcome = library.add_version(article_id, parsed)
    status = ImportStatus.VERSION if outcome.added else ImportStatus.PRESENT
    return ImportOutcome(label, status, outcome.article, version=outcome)


def _import_address(library: Library, address: str, timeout: float) -> ImportOutcome:
    read = _fetch(address, timeout)
    if isinstance(read, ImportOutcome):
        return read
    label, parsed = read
    return library.import_parsed([parsed], [label])[0]


def _fetch(address: str, timeout: float) -> tuple[str, ParsedArticle] | ImportOutcome:
    """The page read as an article, under the label it is shown by; or its refusal."""
    from xiaomi_reader.web.addresses import FetchRefused, without_credentials
    from xiaomi_reader.web.fetch import FetchLimits
    from xiaomi_reader.web.pages import fetch_article

    label = without_credentials(address)  # shown in place of the address, always
    limits = FetchLimits(
        connect_timeout=timeout,
        read_timeout=timeout,
        total_timeout=max(TOTAL_SECONDS_AT_LEAST, timeout),
    )
    try:
        return label, fetch_article(address, limits)
    except FetchRefused as exc:
        return ImportOutcome(label, ImportStatus.REFUSED, reason=exc.reason)
