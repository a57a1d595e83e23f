"""Markdown articles: front matter for metadata, the first heading for a title.

The Markdown is not rendered: the body is the article text exactly as written.
"""

from __future__ import annotations

import re

from xiaomi_reader.core.article_metadata import collapse, iso_date, web_url
from xiaomi_reader.core.article_record import ArticleRefused, Original, ParsedArticle
from xiaomi_reader.core.titles import plain_title

__all__ = ["parse_markdown"]

_FENCE = "---"
_FRONT_MATTER_ENTRY = re.compile(r"([A-Za-z][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]+(.*))?$")
_FRONT_MATTER_KEYS = {
    "title": "title",
    "date": "date",
    "source": "source",
    "outlet": "source",
    "publisher": "source",
    "url": "url",
    "link": "url",
    "author": "author",
    "language": "language",
    "lang": "language",
}
_ATX_H1 = re.compile(r"^ {0,3}#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_CODE_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def parse_markdown(text: str, file_name: str, subject: str, original: Original) -> ParsedArticle:
    """The article in ``text`` (decoded, newlines normalised); ``subject`` names the file."""
    meta, body = _split_front_matter(text)
    if not body.strip():
        raise ArticleRefused(f"{subject} is empty: it contains no article text.")
    title = collapse(meta.get("title")) or _markdown_h1(body)
    return ParsedArticle(
        text=body,
        title=title or plain_title(body, file_name, markdown=True),
        date=iso_date(meta.get("date")),
        source=collapse(meta.get("source")),
        url=web_url(meta.get("url")),
        file_name=file_name,
        author=collapse(meta.get("author")),
        language=collapse(meta.get("language")),
        original=original,
    )


def _split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Return (metadata, body); without well-formed front matter the body is all text."""
    lines = text.split("\n")
    if lines[0].rstrip() != _FENCE:
        return {}, text
    meta: dict[str, str] = {}
    seen_entry = False
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() == _FENCE:
            return meta, "\n".join(lines[index + 1 :])
        entry = _FRONT_MATTER_ENTRY.match(line.rstrip())
        if entry:
            seen_entry = True
            field = _FRONT_MATTER_KEYS.get(entry.group(1).lower())
            # The first spelling wins so that "source" beats a later "publisher".
            if field and field not in meta:
                meta[field] = _unquote(entry.group(2) or "")
        elif not _is_ignorable_front_matter_line(line, seen_entry):
            # The "---" was a horizontal rule, not the start of front matter.
            return {}, text
    return {}, text  # no closing fence


def _is_ignorable_front_matter_line(line: str, after_entry: bool) -> bool:
    """Blank lines, comments, and nested YAML (indented or list lines) after a key."""
    if not line.strip() or line.lstrip().startswith("#"):
        return True
    return after_entry and (line[0] in " \t" or line.startswith("- "))


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        inner = value[1:-1]
        return inner.replace("''", "'") if value[0] == "'" else inner
    return value


def _markdown_h1(body: str) -> str | None:
    in_code = False
    for line in body.split("\n"):
        if _CODE_FENCE.match(line):
            in_code = not in_code
            continue
        heading = None if in_code else _ATX_H1.match(line)
        if heading and heading.group(1).strip():
            return heading.group(1).strip()
    return None
