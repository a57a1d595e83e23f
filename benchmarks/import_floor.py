"""The least an import of article files must do: the floor of ``import_1k_articles``.

``import_1k_articles``' baseline only reads the files and hashes them. Every import
that keeps what the product keeps must also, for each file, decode it (strict UTF-8),
refuse it if it is binary (control characters), hash its text, and store the text and
the original's record, then commit once. This does exactly that, written plainly with
``sqlite3`` into a fresh library of the product's own schema, with no checks or
features beyond those: no other encodings, formats or names, no duplicate or version
lookups, and a title that is simply the first line.

Each step is what the product does, in the cheapest form known here (the control
count is the product's own: Latin-1 bytes counted in C). The floor's ratio to the
baseline is therefore a lower bound for the product's.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

# The product's definition of binary text: C0 and C1 controls other than whitespace,
# more than a tenth of the text, or any NUL.
_CONTROLS = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0xA0)])

_CACHE_KIB = 64 * 1024
_INSERT_ARTICLE = (
    "INSERT INTO articles (id, iri, content_hash, title, file_name, text, imported_at, "
    "version) VALUES (?, ?, ?, ?, ?, ?, ?, 1)"
)
_INSERT_ORIGINAL = (
    "INSERT INTO article_originals (article_id, version, media_type, file_name, size, "
    "sha256, compression, data) VALUES (?, 1, 'text/plain', ?, ?, ?, 'text', x'')"
)


def import_plainly(library: Path, paths: Sequence[Path]) -> None:
    """Import ``.txt`` files (UTF-8, each exactly its text) into the library at ``library``."""
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
    articles, originals = [], []
    with contextlib.closing(sqlite3.connect(library, isolation_level=None)) as conn:
        # As the product sets up its connection for an import: no checkpoint inside the
        # commit (the product runs them when idle) and a page cache that holds the batch.
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        conn.execute(f"PRAGMA cache_size = {-_CACHE_KIB}")
        conn.execute("BEGIN IMMEDIATE")
        first_id = (conn.execute("SELECT max(id) FROM articles").fetchone()[0] or 0) + 1
        for article_id, path in enumerate(paths, start=first_id):
            with open(path, "rb") as handle:
                data = handle.read()
            text = data.decode("utf-8")
            if "\r" in text:
                raise ValueError(f"{path}: the floor reads LF text only")
            latin_1 = text.encode("latin-1", "ignore")
            controls = len(latin_1) - len(latin_1.translate(None, _CONTROLS))
            if b"\x00" in latin_1 or controls > 0.1 * len(text):
                raise ValueError(f"{path} is binary")
            encoded = text.encode("utf-8")
            digest = hashlib.sha256(encoded).hexdigest()
            if encoded != data:
                raise ValueError(f"{path}: the floor keeps originals that are their text only")
            title = text.split("\n", 1)[0].strip()
            articles.append(
                (article_id, "urn:sha256:" + digest, digest, title, path.name, text, now)
            )
            originals.append((article_id, path.name, len(data), digest))
        conn.executemany(_INSERT_ARTICLE, articles)
        conn.executemany(_INSERT_ORIGINAL, originals)
        conn.execute("COMMIT")
