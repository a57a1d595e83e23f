"""Taking an annotation file in: the checks at the boundary, before anything is stored.

* Only a regular file no larger than :data:`MAX_ANNOTATION_FILE_BYTES` is read; the
  kind and size come from ``stat`` before the file is opened, because opening a
  pipe waits for a writer forever and a device such as ``/dev/zero`` never ends.
* The JSON must decode to annotations holding valid Unicode: W3C Web Annotations
  (:mod:`xiaomi_reader.core.w3c_reading`) or Hypothesis's own JSON
  (:mod:`xiaomi_reader.core.hypothesis_reading`), told apart by their content.
* Each id names one item: two items of a file that share an id are refused
  (an importer would otherwise keep one and drop the other), unless they are
  identical, in which case one is kept and the summary says so.

Plain Python: no Qt, no SQL.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import stat
from pathlib import Path

from xiaomi_reader.core.display import display_name
from xiaomi_reader.core.hypothesis_reading import is_hypothesis, parse_hypothesis
from xiaomi_reader.core.text_targets import first_few, lower_first
from xiaomi_reader.core.w3c_reading import (
    AnnotationImportError,
    W3CAnnotation,
    W3CData,
    W3CLink,
    parse_w3c,
)

__all__ = ["MAX_ANNOTATION_FILE_BYTES", "read_annotations"]

_MIB = 1024 * 1024
# Large enough for a few hundred thousand annotations; decoding one this size already
# takes a few GB of memory, and anything larger is more likely a mistake than a file.
MAX_ANNOTATION_FILE_BYTES = 200 * _MIB
_GROWTH_CHUNK = 1 * _MIB
# Opening never waits, even if a pipe takes the file's place between stat and open.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
# Clashing ids named in one refusal; the rest are counted.
_CLASHES_SHOWN = 3

Source = str | os.PathLike[str] | bytes | dict[str, object] | list[object]


def read_annotations(data_or_path: Source) -> W3CData:
    """The annotations and links in a file path, JSON bytes or decoded JSON, checked.

    Raises :class:`AnnotationImportError` with a one-line reason for anything
    that cannot be imported whole.
    """
    name = "The input"
    try:
        if isinstance(data_or_path, dict | list):
            data = _parse(data_or_path)
        elif isinstance(data_or_path, bytes):
            data = _parse(_decode(data_or_path, name))
        else:
            path = Path(data_or_path)
            name = display_name(path)
            data = _parse(_decode(_read_bounded(path), name))
    except AnnotationImportError:
        raise
    except UnicodeError as exc:
        # A JSON escape such as "\ud800" decodes to half a character, which is not text.
        raise AnnotationImportError(
            f"{name} holds text that is not valid Unicode (a lone surrogate escape)."
        ) from exc
    except RecursionError as exc:
        raise AnnotationImportError(f"{name} is nested too deeply to be annotations.") from exc
    except MemoryError as exc:
        raise AnnotationImportError(
            f"{name} is too large to read into memory here; split it into smaller files."
        ) from exc
    except (ValueError, OverflowError) as exc:
        # Numbers with thousands of digits, dates beyond year 9999 once moved to UTC, ...
        # (Python's advice after a ";" is meant for programmers.)
        reason = str(exc).split(";")[0].rstrip(".")
        raise AnnotationImportError(f"{name} cannot be read as annotations: {reason}.") from exc
    _check_unicode(data)
    return _one_item_per_id(data)


def _decode(raw: bytes, name: str) -> object:
    try:
        return json.loads(raw)
    except UnicodeDecodeError as exc:
        raise AnnotationImportError(
            f"{name} is not UTF-8 text ({exc.reason} at byte {exc.start}), so not JSON: "
            "choose a JSON file of annotations."
        ) from exc
    except json.JSONDecodeError as exc:
        raise AnnotationImportError(
            f"{name} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ) from exc


def _parse(data: object) -> W3CData:
    """Hypothesis's own JSON or W3C Web Annotations, told apart by what the file holds."""
    return parse_hypothesis(data) if is_hypothesis(data) else parse_w3c(data)


# -- the file -------------------------------------------------------------------------


def _read_bounded(path: Path) -> bytes:
    """The bytes of a regular file within the limit; anything else is refused unread."""
    try:
        _check_file(os.stat(path), path)
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise AnnotationImportError(
            f"Cannot read {display_name(path)}: {exc.strerror or exc}."
        ) from exc
    try:
        info = os.fstat(fd)
        _check_file(info, path)  # what was opened, in case the path changed since the stat
        chunks = [os.read(fd, min(info.st_size + 1, MAX_ANNOTATION_FILE_BYTES + 1))]
        total = len(chunks[0])
        while chunks[-1] and total <= MAX_ANNOTATION_FILE_BYTES:  # a file still growing
            chunks.append(os.read(fd, min(_GROWTH_CHUNK, MAX_ANNOTATION_FILE_BYTES + 1 - total)))
            total += len(chunks[-1])
    except OSError as exc:
        raise AnnotationImportError(
            f"Cannot read {display_name(path)}: {exc.strerror or exc}."
        ) from exc
    finally:
        os.close(fd)
    if total > MAX_ANNOTATION_FILE_BYTES:
        _refuse_size(path, total)
    return b"".join(chunks)


def _unreadable(path: Path, exc: OSError) -> AnnotationImportError:
    return AnnotationImportError(f"Cannot read {display_name(path)}: {exc.strerror or exc}.")


def _check_file(info: os.stat_result, path: Path) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise AnnotationImportError(f"{display_name(path)} is a folder, not an annotation file.")
    if not stat.S_ISREG(info.st_mode):
        raise AnnotationImportError(
            f"{display_name(path)} is not a regular file (a pipe, a device or a socket is "
            "never read); save the annotations to a file and import that."
        )
    if info.st_size > MAX_ANNOTATION_FILE_BYTES:
        _refuse_size(path, info.st_size)


def _refuse_size(path: Path, size: int) -> None:
    limit = MAX_ANNOTATION_FILE_BYTES / _MIB
    shown = size / _MIB
    # Just over the limit would print as "200.0 MB", which reads as within it.
    amount = f"{shown:.1f} MB" if round(shown, 1) > limit else f"{size:,} bytes"
    raise AnnotationImportError(
        f"{display_name(path)} is {amount}; the limit for an annotation file is {limit:g} MB. "
        "Split it into smaller files and import each."
    )


# -- the content ------------------------------------------------------------------------

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


def _one_item_per_id(data: W3CData) -> W3CData:
    """Identical repeats merged; two different items under one id refuse the file.

    Ids are compared as stored (surrounding spaces and the letter case of a
    ``urn:uuid:`` do not count), so two ids that differ only there clash too.
    """
    seen: dict[str, W3CAnnotation | W3CLink] = {}
    clashes: list[str] = []
    merged = 0
    entries: list[W3CAnnotation | W3CLink] = [*data.annotations, *data.links]
    for entry in sorted(entries, key=lambda entry: entry.index):
        first = seen.setdefault(entry.iri, entry)
        if first is entry:
            continue
        if first == entry:  # same kind and same content (dataclass equality)
            merged += 1
        else:
            clashes.append(_clash(first, entry))
    if clashes:
        listed = first_few(clashes, _CLASHES_SHOWN)
        raise AnnotationImportError(f"{listed}. Nothing was imported; give each item its own id.")
    if not merged:
        return data
    return dataclasses.replace(
        data,
        annotations=tuple(a for a in data.annotations if seen[a.iri] is a),
        links=tuple(link for link in data.links if seen[link.iri] is link),
        identical_duplicates=merged,
    )


def _clash(first: W3CAnnotation | W3CLink, second: W3CAnnotation | W3CLink) -> str:
    pair = f"{first.where or 'An item'} and {lower_first(second.where or 'another')}"
    if isinstance(first, W3CAnnotation) and isinstance(second, W3CAnnotation):
        what = "different annotations (their passage, note, tags or dates differ)"
    elif isinstance(first, W3CLink) and isinstance(second, W3CLink):
        what = "different links (their ends, type, note or date differ)"
    else:
        what = "an annotation and a link"
    return f"{pair} have the same id but are {what}"


def _shorten(text: str, limit: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
