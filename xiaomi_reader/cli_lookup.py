"""The article a command names: one lookup and one refusal for every command that takes one."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xiaomi_reader.core import records
    from xiaomi_reader.store.library import Library


class NoSuchArticle(Exception):
    """No article goes by the key given; the message says how to find one."""


def find_article(library: Library, key: str) -> records.Article:
    """The article ``key`` names (an id, IRI, URL or file name; spaces around it ignored)."""
    article = library.find_article(key.strip())
    if article is None:
        raise NoSuchArticle(
            f"There is no article {key!r} (an id, IRI, URL or file name); "
            "list them with: xiaomi-reader articles"
        )
    return article
