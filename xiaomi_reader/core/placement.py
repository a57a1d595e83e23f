"""Where an imported annotation belongs: its own article, one sure place elsewhere, or nowhere.

The rule keeps a quote from moving to words someone else wrote:

1. When the target's source is an article of the library (its IRI, its URL, or a
   ``file:`` URL ending in the name of the file it was imported from, when only
   one article has that name) and that article
   holds the quote, the annotation stays there: at its position when the text
   there is still the quote, else at the one occurrence that its prefix, suffix
   and position pick out. When they pick out none (the quote is there twice and
   nothing tells the places apart) it is an orphan of that article, never placed
   in another one.
2. Otherwise (unknown source, or an article that no longer holds the quote) the
   quote is looked for in every article and accepted only when it occurs exactly
   once in the whole library.
3. Otherwise it is an orphan (kept with its original target by the caller).

Plain Python: no Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from xiaomi_reader.core.anchoring import Anchor, AnchorMethod, resolve
from xiaomi_reader.core.w3c_reading import W3CAnnotation

__all__ = ["ArticleText", "anchor_in", "file_name_of", "place"]


@dataclass(frozen=True)
class ArticleText:
    """An article of the library as placing needs it."""

    id: int
    iri: str
    text: str


def place(
    item: W3CAnnotation, declared: ArticleText | None, articles: Iterable[ArticleText]
) -> tuple[ArticleText, Anchor] | None:
    """The article and range for ``item``, or None for an orphan.

    ``declared`` is the article its target's source names, if the library has it.
    """
    if declared is not None:
        anchor = anchor_in(declared.text, item, use_position=True)
        if anchor is not None:
            return (declared, anchor)
        if item.exact and item.exact in declared.text:
            return None  # its own article holds it, but at no single place: ambiguous
    if not item.exact:
        return None
    return _sole_place(item.exact, articles)


def anchor_in(text: str, item: W3CAnnotation, *, use_position: bool) -> Anchor | None:
    """Where ``item`` sits in ``text`` (by position, else by quote and context), or None."""
    if not item.exact:
        # A position-only target: trust the range on the declared article.
        start, end = item.start, item.end
        if use_position and start is not None and end is not None and 0 <= start < end <= len(text):
            return Anchor(start, end, AnchorMethod.POSITION)
        return None
    return resolve(
        text,
        item.exact,
        start=item.start if use_position else None,
        end=item.end if use_position else None,
        prefix=item.prefix,
        suffix=item.suffix,
    )


def _sole_place(exact: str, articles: Iterable[ArticleText]) -> tuple[ArticleText, Anchor] | None:
    """The one occurrence of ``exact`` in all the articles (overlaps count), or None."""
    found: tuple[ArticleText, int] | None = None
    for article in articles:
        at = article.text.find(exact)
        if at == -1:
            continue
        if found is not None or article.text.find(exact, at + 1) != -1:
            return None  # a second occurrence, here or in another article
        found = (article, at)
    if found is None:
        return None
    article, at = found
    return (article, Anchor(at, at + len(exact), AnchorMethod.QUOTE))


def file_name_of(source: str) -> str | None:
    """The file name a ``file:`` URL ends in (an annotation made on a file on disk), or None.

    Articles keep the name of the file they came from without its folder, so the
    folder, which differs from one computer to the next, is left out here too.
    """
    if source[:5].lower() != "file:":
        return None
    try:
        path = unquote(urlsplit(source).path, errors="strict")
    except (ValueError, UnicodeDecodeError):
        return None
    return PurePosixPath(path.replace("\\", "/")).name or None
