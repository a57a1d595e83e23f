"""The title of an article that names none: its first line worth reading, or its file name."""

from __future__ import annotations

import re

from xiaomi_reader.core.article_files import base_name, split_suffix
from xiaomi_reader.core.display import display_name

__all__ = ["plain_title"]

_TITLE_LINE_MAX = 150
_TITLE_CUT_MAX = 100
_SENTENCE = re.compile(r".+?[.!?…。！？](?=\s|$)")
_MARKDOWN_HEADING_MARKS = re.compile(r"^ {0,3}#{1,6}[ \t]+|[ \t]+#+[ \t]*$")
# \w less the underscore: exactly the characters str.isalnum() accepts.
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


def plain_title(text: str, file_name: str, *, markdown: bool = False) -> str:
    """The first line with a letter or digit in it (Markdown heading marks taken off).

    A long line gives its first sentence, cut at a word; without such a line the
    file name (without its suffix) is the title.
    """
    # Blank lines and decorations such as "* * *" (or a lone "#") hold no letter or digit.
    first = _LETTER_OR_DIGIT.search(text)
    if first is None:
        # The name becomes a title people read: no line breaks or reordering from it either.
        return display_name(split_suffix(base_name(file_name))[0].strip()) or "Untitled"
    start = text.rfind("\n", 0, first.start()) + 1
    end = text.find("\n", first.end())
    line = text[start:] if end < 0 else text[start:end]
    candidate = (_MARKDOWN_HEADING_MARKS.sub("", line) if markdown else line).strip()
    if len(candidate) <= _TITLE_LINE_MAX:
        return candidate
    return _shorten(_first_sentence(candidate))


def _first_sentence(line: str) -> str:
    match = _SENTENCE.match(line)
    return match.group(0) if match else line


def _shorten(text: str) -> str:
    if len(text) <= _TITLE_CUT_MAX:
        return text
    cut = text[: _TITLE_CUT_MAX - 1]
    space = cut.rfind(" ")
    if space > _TITLE_CUT_MAX // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"
