"""``xiaomi-reader original ARTICLE [-o FILE]``: the bytes an article was read from.

To a file (written whole or not at all), or to standard output for a pipe. A terminal
is given only text it can show: anything else (a PDF, a Word file, text holding control
characters that a terminal would obey) is refused with a hint.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from xiaomi_reader.cli_lookup import find_article
from xiaomi_reader.core.display import display_name

if TYPE_CHECKING:
    from xiaomi_reader.store.library import Library

# What a terminal takes as a command rather than text: escapes and other controls.
_TERMINAL_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class OriginalRefused(Exception):
    """The original cannot be written where asked; the message says why and what to do."""


def write_original(library: Library, key: str, output: str | None) -> Path | None:
    """Write the original of the article ``key``; the file written, or None for stdout."""
    from xiaomi_reader.export.files import write_atomic

    article = find_article(library, key)
    info, data = library.original(article.id)
    if output is not None:
        return write_atomic(output, data)
    stdout: BinaryIO = sys.stdout.buffer
    if sys.stdout.isatty() and not _shows_as_text(data):
        raise OriginalRefused(
            f"The original of article {article.id} is {display_name(info.media_type)} "
            f"({info.size:,} bytes), not text a terminal can show; write it to a file with "
            f"-o FILE, or send it to one: xiaomi-reader original {article.id} > FILE"
        )
    sys.stdout.flush()
    stdout.write(data)
    stdout.flush()
    return None


def _shows_as_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not _TERMINAL_CONTROLS.search(text)
