"""The parsed-article record, the refusal every reader raises, and content hashes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

__all__ = [
    "ArticleRefused",
    "Hashes",
    "Original",
    "ParsedArticle",
    "article_iri",
    "article_iri_of_hash",
    "content_hash",
]


class ArticleRefused(ValueError):
    """Raised when a file cannot become an article.

    ``str(exc)`` and ``exc.reason`` are the same human sentence: what is wrong and,
    where useful, how to fix it.
    """

    reason: str

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Original:
    """The bytes an article was read from, kept as evidence beside its text.

    ``url`` is where a fetched page was found (never with credentials) and ``fetched_at``
    when; a file read from disk has a ``file_name`` and neither of those.
    """

    data: bytes = field(repr=False)
    media_type: str
    file_name: str | None = None
    url: str | None = None
    fetched_at: datetime | None = None


@dataclass(frozen=True)
class Hashes:
    """The SHA-256 hex digests of an article's text (of its UTF-8) and of its original."""

    text: str
    original: str | None  # None for an article without an original

    @property
    def original_is_text(self) -> bool:
        """Whether the original's bytes are exactly the text's UTF-8."""
        return self.original == self.text


@dataclass(frozen=True)
class ParsedArticle:
    """An article ready to be stored: its text plus whatever metadata the file gave."""

    text: str
    title: str
    date: str | None = None
    source: str | None = None
    url: str | None = None
    file_name: str | None = None
    author: str | None = None
    language: str | None = None  # a BCP 47 tag as the page states it, e.g. "en" or "pt-BR"
    site: str | None = None  # the site's own name (an HTML page's), else ``source`` is shown
    # What was read; compared by nothing (two reads of one text are the same article).
    original: Original | None = field(default=None, repr=False, compare=False)

    @cached_property
    def hashes(self) -> Hashes:
        """The text's and the original's SHA-256, computed once (they are no fields of the
        record). Bytes that are exactly the text's UTF-8 (most text files) are compared with
        it rather than hashed a second time."""
        encoded = self.text.encode("utf-8")
        text = hashlib.sha256(encoded).hexdigest()
        if self.original is None:
            return Hashes(text, None)
        if self.original.data == encoded:
            return Hashes(text, text)
        return Hashes(text, hashlib.sha256(self.original.data).hexdigest())

    @property
    def digest(self) -> str:
        """:func:`content_hash` of the text."""
        return self.hashes.text


def content_hash(text: str) -> str:
    """Return the SHA-256 hex digest of ``text`` encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_iri(text: str) -> str:
    """Return the content-addressed identifier of an article text."""
    return article_iri_of_hash(content_hash(text))


def article_iri_of_hash(digest: str) -> str:
    """Return the identifier of the text whose :func:`content_hash` is ``digest``."""
    return "urn:sha256:" + digest
