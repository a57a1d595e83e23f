"""The paragraphs of one PDF page, built from where PDFium says each character is.

PDFium's own line breaks are not used: on PDFs that place every glyph on its own (as Qt,
and so this program's PDF export, does) it breaks words apart ("Xia / o / mi"). The
characters are taken in the order the page draws them; a line ends where the baseline
moves or the text jumps back, a paragraph where the gap to the next line is larger than
a line's, the text goes up (a new column or box) or the size of type changes. A space
is a gap between two characters (PDFium's own guesses are not used either).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["page_paragraphs"]

# In line heights (the font's ascent to descent, about 1.2 times its size):
_SAME_LINE = 0.5  # baselines closer than this: one line
_LINE_BACK = 1.0  # a jump back further than this starts another line
_WORD_GAP = 0.12  # a gap wider than this between two characters is a space
_PARAGRAPH_GAP = 1.6  # baselines further apart than this: another paragraph
_SIZE_STEP = 1.15  # a line this much taller or shorter than the last: another paragraph
_PDFIUM_HYPHENS = frozenset({0x02, 0xFFFE})  # how PDFium reports a hyphen at a line end
_HYPHEN_END = re.compile(r"(?<=[^\W\d_])[-\u00ad\u2010]$")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")  # the text layer's junk


@dataclass
class _Line:
    y: float
    size: float
    right: float
    chars: list[str] = field(default_factory=list)

    def text(self) -> str:
        return " ".join(_CONTROLS.sub("", "".join(self.chars)).split())


def page_paragraphs(text_page: Any) -> list[str]:
    """The paragraphs of a pypdfium2 ``PdfTextPage``, in the order the page draws them."""
    lines = _lines(text_page)
    paragraphs: list[list[_Line]] = []
    for line in lines:
        if not line.text():
            continue
        previous = paragraphs[-1][-1] if paragraphs else None
        if previous is None or _starts_paragraph(previous, line):
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    return [_joined([line.text() for line in paragraph]) for paragraph in paragraphs]


def _lines(text_page: Any) -> list[_Line]:
    import pypdfium2.raw as pdfium_c

    handle = text_page.raw
    box = pdfium_c.FS_RECTF()
    lines: list[_Line] = []
    line: _Line | None = None
    for index in range(pdfium_c.FPDFText_CountChars(handle)):
        if pdfium_c.FPDFText_IsGenerated(handle, index) == 1:
            continue  # PDFium's own spaces and line breaks: gaps decide them here
        code = pdfium_c.FPDFText_GetUnicode(handle, index)
        if code in (0x0D, 0x0A):
            continue
        # The loose box spans the glyph's advance and the font's height: neighbouring
        # letters touch, a word space is a gap of about a third of the height.
        if not pdfium_c.FPDFText_GetLooseCharBox(handle, index, box):
            continue
        size = max(box.top - box.bottom, 1.0)
        baseline = box.bottom
        if (
            line is None
            or abs(baseline - line.y) > _SAME_LINE * max(size, line.size)
            or box.left < line.right - _LINE_BACK * max(size, line.size)
        ):
            line = _Line(y=baseline, size=size, right=box.right)
            lines.append(line)
        elif box.left - line.right > _WORD_GAP * size and line.chars[-1:] != [" "]:
            line.chars.append(" ")
        line.right = max(line.right, box.right)
        line.size = max(line.size, size)
        line.chars.append(_character(code))
    return lines


def _character(code: int) -> str:
    if code in _PDFIUM_HYPHENS:
        return "-"
    return chr(code) if code < 0x110000 else "\ufffd"


def _starts_paragraph(previous: _Line, line: _Line) -> bool:
    """A gap larger than a line's, a step up (another column or box), or another size of
    type (a heading and its text)."""
    drop = previous.y - line.y  # PDF coordinates grow upwards
    larger, smaller = max(previous.size, line.size), min(previous.size, line.size)
    return drop <= 0 or drop > _PARAGRAPH_GAP * larger or larger > _SIZE_STEP * smaller


def _joined(lines: list[str]) -> str:
    """The lines of a paragraph as one: a word hyphenated at a line end is made whole."""
    text = lines[0]
    for line in lines[1:]:
        if _HYPHEN_END.search(text) and line[:1].islower():
            text = text[:-1] + line
        else:
            text = f"{text} {line}"
    return text
