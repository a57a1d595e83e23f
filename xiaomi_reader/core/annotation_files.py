"""Taking a W3C annotation file in: the checks at the boundary, before anything is stored.

The JSON must decode to annotations (:mod:`xiaomi_reader.core.w3c_reading`)
holding valid Unicode; every failure becomes an :class:`AnnotationImportError`
with a one-line reason. Plain Python: no Qt, no SQL.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from xiaomi_reader.core.w3c_reading import AnnotationImportError, W3CData, load_w3c, parse_w3c

__all__ = ["read_w3c"]

Source = str | os.PathLike[str] | bytes | dict[str, object] | list[object]


def read_w3c(data_or_path: Source) -> W3CData:
    """The annotations and links in a file path, JSON bytes or decoded JSON, checked.

    Raises :class:`AnnotationImportError` with a one-line reason for anything
    that cannot be imported whole.
    """
    name = "The input"
    try:
        if isinstance(data_or_path, dict | list):
            data = parse_w3c(data_or_path)
        elif isinstance(data_or_path, bytes):
            data = load_w3c(data_or_path)
        else:
            path = Path(data_or_path)
            name = str(path)
            try:
                raw = path.read_bytes()
            except OSError as exc:
                raise AnnotationImportError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
            data = load_w3c(raw, name)
    except AnnotationImportError:
        raise
    except UnicodeError as exc:
        # A JSON escape such as "\ud800" decodes to half a character, which is not text.
        raise AnnotationImportError(
            f"{name} holds text that is not valid Unicode (a lone surrogate escape)."
        ) from exc
    except RecursionError as exc:
        raise AnnotationImportError(f"{name} is nested too deeply to be annotations.") from exc
    except (ValueError, OverflowError) as exc:
        # Numbers with thousands of digits, dates beyond year 9999 once moved to UTC, ...
        # (Python's advice after a ";" is meant for programmers.)
        reason = str(exc).split(";")[0].rstrip(".")
        raise AnnotationImportError(f"{name} cannot be read as annotations: {reason}.") from exc
    _check_unicode(data)
    return data


_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_unicode(data: W3CData) -> None:
    """Refuse lone surrogates (from JSON escapes): they cannot be stored as text."""
    for item in data.annotations:
        fields = (item.iri, item.source, item.exact, item.prefix, item.suffix, item.note)
        if any(_SURROGATE.search(value) for value in (*fields, *item.tags, item.author or "")):
            raise AnnotationImportError(
                f"The annotation {_shorten(item.iri)} holds text that is not valid Unicode "
                "(a lone surrogate escape such as \\ud800); nothing was imported."
            )
    for link in data.links:
        if any(_SURROGATE.search(v) for v in (link.iri, link.source, link.target, link.note)):
            raise AnnotationImportError(
                f"The link {_shorten(link.iri)} holds text that is not valid Unicode "
                "(a lone surrogate escape such as \\ud800); nothing was imported."
            )


def _shorten(text: str, limit: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
