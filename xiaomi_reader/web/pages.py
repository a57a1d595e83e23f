"""A fetched page read as an article, the same way as a saved ``.html`` file.

What is added for the web: the page must be HTML (an image served as ``text/html`` is
refused), the charset comes from the bytes, the ``Content-Type`` header or the page,
and a page that is only a JavaScript program is refused as such.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
from urllib.parse import unquote, urlsplit

from xiaomi_reader.core.articles import (
    ArticleRefused,
    Original,
    ParsedArticle,
    parse_article_bytes,
)
from xiaomi_reader.core.display import display_name
from xiaomi_reader.web.addresses import FetchRefused
from xiaomi_reader.web.fetch import Cancelled, FetchedPage, FetchLimits, Progress, fetch_page

__all__ = ["fetch_article", "page_article"]

HTML_TYPES = ("text/html", "application/xhtml+xml")
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a program"),
    (b"\x00\x00\x01\x00", "an icon"),
)
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Bytes no text holds (the WHATWG MIME sniffing standard's "binary data bytes").
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
_SNIFF_BYTES = 1445  # as much as the standard's sniffing looks at
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_SCRIPT = re.compile(rb"<script\b", re.I)
_JAVASCRIPT_ONLY = (
    "the page has no article text without JavaScript, which xiaomi-reader never runs; "
    "open it in a browser, save it as a web page (.html) and import the saved file."
)
# A JavaScript shell's only words are a plea to turn JavaScript on; an article is longer.
_PLEA_MAX_CHARS = 400


def fetch_article(
    address: str,
    limits: FetchLimits | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ParsedArticle:
    """Fetch ``address`` and read it as an article, or raise :class:`FetchRefused`."""
    page = fetch_page(address, limits, progress=progress, cancelled=cancelled)
    return page_article(page)


def page_article(page: FetchedPage) -> ParsedArticle:
    """The article in a fetched page; its ``url`` is where the page was found."""
    _check_html(page)
    data = _as_utf8(page.data, page.charset)
    try:
        parsed = parse_article_bytes(data, _file_name(page.url))
    except ArticleRefused as exc:
        if _SCRIPT.search(data):
            raise FetchRefused(_JAVASCRIPT_ONLY) from None
        raise FetchRefused(_about_the_page(exc.reason, _file_name(page.url))) from None
    if _is_a_plea_for_javascript(parsed.text, data):
        raise FetchRefused(_JAVASCRIPT_ONLY)
    # No file was read: the article has an address, not a file name. Its original is the
    # body as served (Content-Encoding undone), not the UTF-8 the reader was given.
    original = Original(
        page.data, page.content_type or "text/html", url=page.url, fetched_at=page.fetched_at
    )
    return dataclasses.replace(parsed, url=page.url, file_name=None, original=original)


def _check_html(page: FetchedPage) -> None:
    head = page.data[:_SNIFF_BYTES]
    served = page.content_type or "no type"
    if page.content_type and page.content_type not in HTML_TYPES:
        raise FetchRefused(
            f"this is not a web page but {display_name(page.content_type)}; "
            "xiaomi-reader imports HTML pages."
        )
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            raise FetchRefused(
                f"not an HTML page: it is served as {display_name(served)} but is {kind}."
            )
    if not head.startswith(_BOMS) and _BINARY_BYTES.search(head):
        raise FetchRefused(
            f"not an HTML page: it is served as {display_name(served)} but holds binary data."
        )
    if not page.content_type and b"<" not in head:
        raise FetchRefused("not an HTML page: the server did not say what it is, and no markup.")


def _as_utf8(data: bytes, header_charset: str | None) -> bytes:
    """The page as UTF-8 after a byte order mark, when its encoding is certain.

    The order: a byte order mark (as browsers), then UTF-8 when the bytes are valid
    UTF-8 (pages in UTF-8 declared as Latin-1 are common, and legacy text is almost
    never valid UTF-8), then the header's charset, then the page's meta tag. When none
    of them decodes the bytes strictly, they go to the reader as they are, which
    detects the encoding or refuses the page.
    """
    if data.startswith(_BOMS):
        return data
    meta = _META_CHARSET.search(data[:4096])
    declared = [header_charset, meta.group(1).decode("ascii") if meta else None]
    for codec in ["utf-8", *filter(None, map(_codec, declared))]:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        # With the mark, the reader takes the text as UTF-8 whatever the page declares.
        return codecs.BOM_UTF8 + text.encode("utf-8")
    return data


def _codec(label: str | None) -> str | None:
    try:
        name = codecs.lookup(label or "").name
    except LookupError:
        return None
    if name.startswith(("utf-16", "utf-32")) or name == "utf-7":
        return None  # without a byte order mark these decode nearly anything
    # Browsers read Latin-1 and ASCII labels as Windows-1252.
    return "cp1252" if name in ("iso8859-1", "ascii") else name


def _is_a_plea_for_javascript(text: str, data: bytes) -> bool:
    return (
        len(text) <= _PLEA_MAX_CHARS and "javascript" in text.lower() and bool(_SCRIPT.search(data))
    )


def _file_name(url: str) -> str:
    """A name for the reader: the last part of the path, else the host, as ``.html``."""
    parts = urlsplit(url)
    last = unquote(parts.path.rstrip("/").rpartition("/")[2]) or parts.hostname or "page"
    stem = last.rsplit(".", 1)[0] if last.lower().endswith((".html", ".htm")) else last
    return (stem.replace("\\", "_") or "page") + ".html"


def _about_the_page(reason: str, file_name: str) -> str:
    """The reader's refusal, about "the page" rather than a file name it never had."""
    subject = f'"{display_name(file_name)}" '
    if reason.startswith(subject):
        return "the page " + reason[len(subject) :]
    return reason
