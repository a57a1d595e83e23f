"""HTML articles reduced to their readable paragraphs, with metadata from the page.

Nothing is fetched or run: scripts, styles, frames, forms and other elements no reader
reads are skipped with their contents, and so is the page's head but its title.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

from xiaomi_reader.core.article_metadata import collapse, iso_date, web_url
from xiaomi_reader.core.article_record import ArticleRefused, ParsedArticle
from xiaomi_reader.core.text_decoding import decode, normalise_newlines
from xiaomi_reader.core.titles import plain_title

__all__ = ["parse_html"]

_SKIPPED_ELEMENTS = frozenset(
    {
        "aside",
        "audio",
        "button",
        "canvas",
        "footer",
        "form",
        "head",
        "iframe",
        "nav",
        "noscript",
        "object",
        "script",
        "select",
        "style",
        "svg",
        "template",
        "textarea",
        "video",
    }
)
_BLOCK_ELEMENTS = frozenset(
    {
        "address",
        "article",
        "blockquote",
        "body",
        "br",
        "caption",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
    }
)
_VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_CHARSET_SNIFF_BYTES = 4096
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


class _HtmlText(HTMLParser):
    """Collect readable paragraphs and metadata; nothing is fetched or run."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.title: str | None = None
        self.h1: str | None = None
        self.time_date: str | None = None
        self._buffer: list[str] = []
        self._skipped: list[str] = []
        self._pre_depth = 0
        self._title_parts: list[str] | None = None
        self._h1_parts: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "meta":
            self._record_meta(attributes)
        elif tag == "link":
            self._record_link(attributes)
        elif tag == "body":
            self._end_head()
        if tag == "title" and self.title is None and set(self._skipped) <= {"head"}:
            self._title_parts = []
        if self._skipped or tag == "title":
            if tag in _SKIPPED_ELEMENTS and tag not in _VOID_ELEMENTS:
                self._skipped.append(tag)
            return
        if tag in _SKIPPED_ELEMENTS:
            self._flush()  # keep the text around a skipped element apart
            self._skipped.append(tag)
        elif tag in _BLOCK_ELEMENTS:
            self._start_block(tag)
        elif tag in ("td", "th"):
            self._buffer.append(" ")
        elif tag == "time" and self.time_date is None:
            self.time_date = iso_date(attributes.get("datetime"))
        if tag == "h1" and self.h1 is None:
            self._h1_parts = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._title_parts is not None:
            self.title = collapse("".join(self._title_parts))
            self._title_parts = None
        if tag in self._skipped:
            # Pop to the matching element so an unclosed child cannot skip the rest.
            index = len(self._skipped) - 1 - self._skipped[::-1].index(tag)
            del self._skipped[index:]
            return
        if self._skipped:
            return
        if tag in _BLOCK_ELEMENTS:
            self._end_block(tag)
        if tag == "h1" and self._h1_parts is not None:
            self.h1 = collapse("".join(self._h1_parts))
            self._h1_parts = None

    def handle_data(self, data: str) -> None:
        if self._title_parts is not None:
            self._title_parts.append(data)
            return
        if self._skipped:
            return
        self._buffer.append(data)
        if self._h1_parts is not None:
            self._h1_parts.append(data)

    def close(self) -> None:
        # Whatever is still unparsed is an unfinished tag, comment or declaration at the
        # very end ('<img src=… onerror=…', '<!-- <script>…'). Browsers show none of it;
        # HTMLParser.close() would pass it on as text. A lone "<" is just a character.
        if len(self.rawdata) > 1 and self.rawdata.startswith("<") and not self.cdata_elem:
            self.rawdata = ""
        super().close()
        self._flush()

    def _end_head(self) -> None:
        # An unclosed <head> or <title> ends where <body> starts.
        if "head" in self._skipped:
            self._skipped.remove("head")
        if self._title_parts is not None:
            self.title = collapse("".join(self._title_parts))
            self._title_parts = None

    def _start_block(self, tag: str) -> None:
        if self._pre_depth:
            if tag == "br":
                self._buffer.append("\n")
            return
        self._flush()
        if tag == "pre":
            self._pre_depth = 1

    def _end_block(self, tag: str) -> None:
        if not self._pre_depth:
            self._flush()
        elif tag == "pre":
            self._flush()
            self._pre_depth = 0

    def _flush(self) -> None:
        raw = "".join(self._buffer)
        self._buffer.clear()
        if self._pre_depth:
            # Like browsers, drop the newline right after <pre>; keep the layout.
            paragraph = raw.removeprefix("\n").rstrip()
        else:
            paragraph = _HTML_SPACE.sub(" ", raw).strip()
        if paragraph.strip():
            self.paragraphs.append(paragraph)

    def _record_meta(self, attributes: dict[str, str]) -> None:
        key = (attributes.get("property") or attributes.get("name") or "").strip().lower()
        if key and "content" in attributes:
            self.meta.setdefault(key, attributes["content"])

    def _record_link(self, attributes: dict[str, str]) -> None:
        rel = attributes.get("rel", "").lower().split()
        if "canonical" in rel and self.canonical is None:
            self.canonical = attributes.get("href")


def parse_html(data: bytes, file_name: str, subject: str) -> ParsedArticle:
    """The article in the bytes of an HTML file; ``subject`` names the file in refusals."""
    markup = normalise_newlines(decode(data, subject, _declared_html_charset(data)))
    parser = _HtmlText()
    parser.feed(markup)
    parser.close()
    text = "\n\n".join(parser.paragraphs)
    if not text.strip():
        raise ArticleRefused(f"{subject} has no readable text.")
    meta = parser.meta
    title = collapse(meta.get("og:title")) or parser.title or parser.h1
    published = iso_date(meta.get("article:published_time")) or iso_date(meta.get("date"))
    return ParsedArticle(
        text=text,
        title=title or plain_title(text, file_name),
        date=published or parser.time_date,
        source=collapse(meta.get("og:site_name")),
        url=web_url(parser.canonical) or web_url(meta.get("og:url")),
        file_name=file_name,
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
