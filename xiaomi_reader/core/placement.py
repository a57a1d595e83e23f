"""Where an imported annotation belongs: its own article, one sure place elsewhere, or nowhere.

1. When the target's source is an article of the library, the annotation is
   anchored there by its position, or by its quote (with prefix and suffix).
2. Otherwise the quote is looked for in every article and accepted only when
   exactly one article holds one unambiguous place for it.
3. Otherwise it is an orphan (kept with its original target by the caller).

Plain Python: no Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from xiaomi_reader.core.anchoring import Anchor, AnchorMethod, resolve
from xiaomi_reader.core.w3c_reading import W3CAnnotation

__all__ = ["ArticleText", "anchor_in", "place"]


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
    if not item.exact:
        return None
    # Unknown source or changed text: the quote must fit exactly one article, unambiguously.
    found = []
    for article in articles:
        anchor = anchor_in(article.text, item, use_position=False)
        if anchor is not None:
            found.append((article, anchor))
            if len(found) > 1:
                return None
    if not found:
        return None
    article, anchor = found[0]
    return (article, Anchor(anchor.start, anchor.end, AnchorMethod.QUOTE))


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
