"""Metadata values an article file gives (Markdown front matter, HTML meta tags), cleaned.

A value that is not what it claims to be is dropped, never guessed at.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

__all__ = ["collapse", "iso_date", "web_url"]

_ISO_DATE_PREFIX = re.compile(r"\d{4}-\d{2}-\d{2}(?:$|[T ])")


def collapse(value: str | None) -> str | None:
    """Collapse whitespace in a metadata value; None when nothing is left."""
    if value is None:
        return None
    collapsed = " ".join(value.split())
    return collapsed or None


def iso_date(value: str | None) -> str | None:
    """Return YYYY-MM-DD from a date or datetime string, or None; never guess."""
    if value is None:
        return None
    value = value.strip()
    if not _ISO_DATE_PREFIX.match(value):
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def web_url(value: str | None) -> str | None:
    """An absolute http(s) address, or None.

    The app may open the link, so "javascript:" or "file:" addresses from a document
    must not get through.
    """
    if value is None:
        return None
    value = value.strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return value
    return None
