"""Turn an article file into text and metadata, or refuse it with a clear reason.

Supported inputs are plain text (``.txt``), Markdown (``.md``, ``.markdown``) and
HTML (``.html``, ``.htm``).  The text of plain text and Markdown is kept verbatim apart
from newline normalisation, because annotations are anchored to character offsets and to
a hash of the text: typos, odd spacing and Unicode forms must survive untouched.  Markdown
is not rendered.  Of an HTML page only the article body is kept (found by trafilatura),
one block a paragraph, without fetching or executing anything.

Everything that cannot become an article raises :class:`ArticleRefused`, whose
message is a single sentence meant to be shown to the user as is.

This module is the public face of the reader; each job has a module of its own:
``article_files`` (names, reading, size), ``text_decoding`` and ``legacy_encodings``
(bytes to text), ``markdown_articles``, ``html_articles`` and ``page_extraction``, ``titles``,
``article_metadata`` (dates, addresses) and ``article_record`` (the record, hashes).
"""

from __future__ import annotations

import os
from pathlib import Path

from xiaomi_reader.core.article_files import (
    DOCX_SUFFIXES,
    HTML_SUFFIXES,
    MARKDOWN_SUFFIXES,
    MAX_ARTICLE_BYTES,
    PDF_SUFFIXES,
    SUPPORTED_SUFFIXES,
    base_name,
    check_size,
    checked_suffix,
    read_article_file,
    refusal_subject,
)
from xiaomi_reader.core.article_record import (
    ArticleRefused,
    Original,
    ParsedArticle,
    article_iri,
    article_iri_of_hash,
    content_hash,
)
from xiaomi_reader.core.docx_articles import parse_docx
from xiaomi_reader.core.html_articles import parse_html
from xiaomi_reader.core.markdown_articles import parse_markdown
from xiaomi_reader.core.originals import media_type_of
from xiaomi_reader.core.pdf_articles import parse_pdf
from xiaomi_reader.core.text_decoding import decode, normalise_newlines
from xiaomi_reader.core.titles import plain_title

__all__ = [
    "MAX_ARTICLE_BYTES",
    "SUPPORTED_SUFFIXES",
    "ArticleRefused",
    "Original",
    "ParsedArticle",
    "article_iri",
    "article_iri_of_hash",
    "content_hash",
    "decode_text",
    "parse_article_bytes",
    "parse_article_file",
]


def decode_text(data: bytes) -> str:
    """Decode the bytes of a text file, refusing binary or undecodable data.

    A byte order mark (UTF-8, UTF-16, UTF-32) decides the encoding and is stripped.
    Without one the data must be UTF-8, or a legacy encoding that can be detected
    with confidence.  Decoding is always strict: a wrong guess is refused rather
    than turned into replacement characters.
    """
    return decode(data, "This file")


def parse_article_file(path: str | os.PathLike[str]) -> ParsedArticle:
    """Read and parse an article file.

    The size is checked from ``stat`` before anything is read, so an oversized
    file is refused without loading it.
    """
    file_path = Path(path)
    name = file_path.name or str(file_path)  # a base name already
    return _parse(read_article_file(file_path, name), name, name)


def parse_article_bytes(data: bytes, file_name: str) -> ParsedArticle:
    """Parse the contents of an article file; ``file_name`` selects the format."""
    return _parse(data, file_name, base_name(file_name))


def _parse(data: bytes, file_name: str, name: str) -> ParsedArticle:
    """Parse ``data`` of the file ``file_name``, whose :func:`base_name` is ``name``; the
    article keeps ``data`` as its original (made once, with the article)."""
    original = Original(data, media_type_of(name), file_name=name)
    subject = refusal_subject(name)
    suffix = checked_suffix(name, subject)
    check_size(len(data), subject)  # also a file that grew after its size was checked
    if suffix in HTML_SUFFIXES:
        return parse_html(data, file_name, subject, original)
    if suffix in PDF_SUFFIXES:
        return parse_pdf(data, file_name, subject, original)
    if suffix in DOCX_SUFFIXES:
        return parse_docx(data, file_name, subject, original)
    text = normalise_newlines(decode(data, subject))
    if suffix in MARKDOWN_SUFFIXES:
        return parse_markdown(text, file_name, subject, original)
    if not text or text.isspace():
        detail = ": it contains only whitespace" if text else ""
        raise ArticleRefused(f"{subject} is empty{detail}.")
    return ParsedArticle(
        text=text, title=plain_title(text, file_name), file_name=file_name, original=original
    )
