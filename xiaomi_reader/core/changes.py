"""What one action changed: the window applies this, and nothing else, to what it shows."""

from __future__ import annotations

from dataclasses import dataclass

from xiaomi_reader.core import records


@dataclass(frozen=True)
class Changes:
    """Records added or changed (as the library now holds them), and ids removed."""

    annotations: tuple[records.Annotation, ...] = ()
    removed_annotations: tuple[int, ...] = ()
    links: tuple[records.Link, ...] = ()
    removed_links: tuple[int, ...] = ()
    tags: tuple[records.Tag, ...] = ()
    removed_tags: tuple[int, ...] = ()
    articles: bool = False  # articles were added
    updated_articles: tuple[int, ...] = ()  # articles whose text became another version
    # Set when the action met another program's change to the same thing and kept both.
    merged: str = ""


@dataclass(frozen=True)
class Deleted:
    """Annotations deleted in one transaction, and the links that went with them."""

    annotations: tuple[records.Annotation, ...]
    links: tuple[records.Link, ...]
