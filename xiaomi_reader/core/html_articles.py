"""HTML articles: the article body of a saved or fetched page, with its metadata.

The bytes are decoded here by the reader's own rules (byte order mark, the charset the page
declares, UTF-8, a legacy encoding detected with confidence); the article is then found by
trafilatura (:mod:`page_extraction`). Nothing in the page is fetched or run.
"""

from __future__ import annotations

import codecs
import re

from xiaomi_reader.core.article_record import ArticleRefused, Original, ParsedArticle
from xiaomi_reader.core.page_extraction import extract, page_tree
from xiaomi_reader.core.text_decoding import decode, normalise_newlines
from xiaomi_reader.core.titles import plain_title

__all__ = ["parse_html"]

_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_CHARSET_SNIFF_BYTES = 4096


def parse_html(data: bytes, file_name: str, subject: str, original: Original) -> ParsedArticle:
    """The article in the bytes of an HTML page; ``subject`` names the page in refusals."""
    markup = normalise_newlines(decode(data, subject, _declared_html_charset(data)))
    page = page_tree(markup)
    if not page.has_readable_text and page.has_scripts:
        raise ArticleRefused(
            f"{subject}: the page has no article text without JavaScript (its scripts build "
            "it, and are never run); save the page from a browser once it shows the article, "
            "and import that file."
        )
    found = extract(page) if page.has_readable_text else None
    if found is None:
        raise ArticleRefused(f"{subject} has no readable text.")
    return ParsedArticle(
        text=found.text,
        title=found.title or plain_title(found.text, file_name),
        date=found.date,
        source=found.site,
        url=found.url,
        file_name=file_name,
        author=found.author,
        language=found.language,
        site=found.site,
        original=original,
    )


def _declared_html_charset(data: bytes) -> str | None:
    """Return the codec named by <meta charset> or http-equiv, if Python knows it."""
    match = _META_CHARSET.search(data[:_CHARSET_SNIFF_BYTES])
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    # Browsers do the same: a meta tag readable as ASCII cannot really be UTF-16,
    # and Latin-1 or ASCII labels mean Windows-1252 in practice.
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8"
    if name in ("iso8859-1", "ascii"):
        return "cp1252"
    if name == "utf-7":
        return None
    return name
