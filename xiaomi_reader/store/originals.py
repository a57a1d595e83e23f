"""The bytes an article was read from: packed for the library, checked when read back.

zlib (the standard library's) at level 6: on real pages, PDFs and Markdown measured here
zstd at level 3 packs to 0.322 of the size against zlib's 0.316, faster (25 against
165 ms for 3.7 MB) but not enough to need a compiled dependency for an import that
takes ~45 ms a page to extract anyway.
"""

from __future__ import annotations

import hashlib
import zlib
from typing import Any

from xiaomi_reader.core.article_record import Original
from xiaomi_reader.store.errors import LibraryError

__all__ = ["ZLIB", "original_values", "unpacked"]

ZLIB = "zlib"
_LEVEL = 6


def original_values(article_id: int, original: Original) -> dict[str, Any]:
    """The ``article_originals`` row of an article's first version."""
    return {
        "article_id": article_id,
        "version": 1,
        "media_type": original.media_type,
        "file_name": original.file_name,
        "url": original.url,
        "fetched_at": original.fetched_at,
        "size": len(original.data),
        "sha256": hashlib.sha256(original.data).hexdigest(),
        "compression": ZLIB,
        "data": zlib.compress(original.data, _LEVEL),
    }


def unpacked(compression: str, data: bytes, size: int, sha256: str) -> bytes:
    """The stored bytes as they were read; a damaged copy is refused, never handed out."""
    if compression != ZLIB:
        raise LibraryError(
            f'The original is packed as "{compression}", which this version cannot read; '
            "update xiaomi-reader."
        )
    try:
        found = zlib.decompress(data)
    except zlib.error:
        found = b""
    if len(found) != size or hashlib.sha256(found).hexdigest() != sha256:
        raise LibraryError(
            "The stored original of this article is damaged (its bytes do not match their "
            "checksum); restore the library from a backup to get it back."
        )
    return found
