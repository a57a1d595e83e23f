"""What an article's original bytes are called: their media type, and a file name to
save them under that says what they are."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from xiaomi_reader.core.article_files import base_name, split_suffix

__all__ = ["MEDIA_TYPES", "extension_for", "media_type_of", "suggested_file_name"]

# The formats the reader reads, by suffix; what a server names is kept as it said it.
MEDIA_TYPES: dict[str, str] = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_EXTENSIONS: dict[str, str] = {
    "text/plain": ".txt",
    "text/markdown": ".md",
    "text/html": ".html",
    "application/xhtml+xml": ".xhtml",
    "application/pdf": ".pdf",
    MEDIA_TYPES[".docx"]: ".docx",
}
# Characters no file system takes in a name, or that would make it a path.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_MAX_STEM = 80
# What a page's own ending looks like (".php", ".aspx"): replaced by the media type's.
_SERVER_SUFFIX = re.compile(r"(\.[a-z][a-z0-9]{1,4})?")


def media_type_of(name: str) -> str:
    """The media type of an article file by the suffix of its base ``name`` (the name
    without folders; ``application/octet-stream`` if unknown)."""
    return MEDIA_TYPES.get(split_suffix(name)[1], "application/octet-stream")


def extension_for(media_type: str) -> str:
    """The usual file extension of a media type, with its dot; ``.bin`` when unknown."""
    return _EXTENSIONS.get(media_type.lower(), ".bin")


def suggested_file_name(file_name: str | None, url: str | None, media_type: str) -> str:
    """A name to save an original under: the file's own name, else the last part of its
    address (else the host), always ending in the extension of its media type."""
    extension = extension_for(media_type)
    last = base_name(file_name) if file_name else ""
    if not last and url:
        parts = urlsplit(url)
        last = unquote(parts.path.rstrip("/").rpartition("/")[2])
        if not last:  # a site's front page: named after its host, dots and all
            return (_UNSAFE.sub("_", parts.hostname or "") or "original") + extension
    stem, suffix = split_suffix(last)
    if MEDIA_TYPES.get(suffix) == media_type.lower():
        extension = suffix  # ".htm" stays ".htm"
    elif not _SERVER_SUFFIX.fullmatch(suffix):
        stem = last  # "v1.2", not an extension: part of the name
    stem = _UNSAFE.sub("_", stem).strip(" .")[:_MAX_STEM] or "original"
    return stem + extension
