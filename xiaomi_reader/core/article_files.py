"""Article files on disk: which names are articles, reading them safely, and refusals.

Everything that cannot become an article is refused with :class:`ArticleRefused`;
the file is named through :func:`refusal_subject`, so every refusal is one line.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePath

from xiaomi_reader.core.article_record import ArticleRefused
from xiaomi_reader.core.display import display_name

__all__ = [
    "DOCX_SUFFIXES",
    "HTML_SUFFIXES",
    "MARKDOWN_SUFFIXES",
    "MAX_ARTICLE_BYTES",
    "PDF_SUFFIXES",
    "SUPPORTED_SUFFIXES",
    "base_name",
    "check_size",
    "checked_suffix",
    "read_article_file",
    "read_at_most",
    "refusal_subject",
    "split_suffix",
]

MAX_ARTICLE_BYTES: int = 20 * 1024 * 1024
SUPPORTED_SUFFIXES: tuple[str, ...] = (
    ".txt",
    ".md",
    ".markdown",
    ".html",
    ".htm",
    ".pdf",
    ".docx",
)
MARKDOWN_SUFFIXES: tuple[str, ...] = (".md", ".markdown")
HTML_SUFFIXES: tuple[str, ...] = (".html", ".htm")
PDF_SUFFIXES: tuple[str, ...] = (".pdf",)
DOCX_SUFFIXES: tuple[str, ...] = (".docx",)

_MIB = 1024 * 1024
# Read in pieces: asking for the whole limit at once allocates 20 MB for every small file.
_READ_CHUNK = 64 * 1024
_O_BINARY: int = getattr(os, "O_BINARY", 0)  # Windows would otherwise translate newlines


def read_article_file(path: Path, name: str) -> bytes:
    """The bytes of the article file at ``path``, whose :func:`base_name` is ``name``.

    Only a regular file with a supported name is read, and its size is checked from
    ``stat`` first, so an oversized file is refused without being opened.
    """
    subject = refusal_subject(name)
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise ArticleRefused(f'"{display_name(path)}" does not exist.') from None
    except OSError as exc:
        raise ArticleRefused(_os_error_reason(subject, exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise ArticleRefused(f"{subject} is a folder, not a file.")
    if not stat.S_ISREG(info.st_mode):
        # Reading a pipe or a device could block forever or never end.
        raise ArticleRefused(f"{subject} is not a regular file.")
    checked_suffix(name, subject)
    check_size(info.st_size, subject)
    try:
        return read_at_most(path, MAX_ARTICLE_BYTES)
    except OSError as exc:
        raise ArticleRefused(_os_error_reason(subject, exc)) from None


def read_at_most(path: Path, limit: int) -> bytes:
    """The whole file, or its first ``limit + 1`` bytes: enough to tell it is too big.

    The size was checked before, but a file can grow between ``stat`` and the read.
    """
    chunks: list[bytes] = []
    total = 0
    fd = os.open(path, os.O_RDONLY | _O_BINARY)
    try:
        while total <= limit:
            chunk = os.read(fd, min(_READ_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks)


def base_name(file_name: str) -> str:
    """The last part of a path: what names the file in refusals and decides its format."""
    return PurePath(file_name).name or file_name


def refusal_subject(name: str) -> str:
    """The file as every refusal names it: quoted, on one line, in its real reading order."""
    return f'"{display_name(name)}"'


def split_suffix(name: str) -> tuple[str, str]:
    """Return (stem, lower-case suffix) of a :func:`base_name`; ".md" is all suffix."""
    stem, dot, ext = name.rpartition(".")
    if not dot:
        return name, ""
    return stem, "." + ext.lower()


def checked_suffix(name: str, subject: str) -> str:
    """The lower-case suffix of a :func:`base_name`, or a refusal listing the supported ones."""
    suffix = split_suffix(name)[1]
    if suffix in SUPPORTED_SUFFIXES:
        return suffix
    supported = ", ".join(SUPPORTED_SUFFIXES[:-1]) + " and " + SUPPORTED_SUFFIXES[-1]
    what = f'is a "{suffix}" file' if suffix else "has no file extension"
    raise ArticleRefused(f"{subject} {what}; supported article files are {supported}.")


def check_size(size: int, subject: str) -> None:
    """Refuse a file of more than :data:`MAX_ARTICLE_BYTES`."""
    if size <= MAX_ARTICLE_BYTES:
        return
    limit_mb = MAX_ARTICLE_BYTES / _MIB
    size_mb = round(size / _MIB, 1)
    # Just over the limit would print as "20.0 MB", which reads as within it.
    shown = f"{size_mb:.1f} MB" if size_mb > limit_mb else f"{size:,} bytes"
    raise ArticleRefused(f"{subject} is {shown}; the limit is {limit_mb:g} MB.")


def _os_error_reason(subject: str, exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return f"{subject} cannot be opened: permission denied."
    if isinstance(exc, IsADirectoryError):
        return f"{subject} is a folder, not a file."
    return f"{subject} cannot be read: {exc.strerror or exc}."
