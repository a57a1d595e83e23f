"""When two addresses name the same article: the key an article's URL is matched by.

An imported page or file whose URL has the key of an article's URL is a new version of
that article. The key ignores what does not change the page: http or https, the host's
case, a default port, a trailing slash, the fragment, and the tracking parameters that
shares and newsletters add (``utm_*``, ``fbclid``, ``gclid``). Other query parameters
are kept, in their order: on many sites they choose the article.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = ["url_key"]

TRACKING = frozenset({"fbclid", "gclid"})


def _tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith("utm_") or lowered in TRACKING


def url_key(url: str | None) -> str | None:
    """The key two URLs of one article share; None for no URL or one that is not http(s)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if port is not None and port not in (80, 443):
        host = f"{host}:{port}"
    path = parts.path.rstrip("/")
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _tracking(k)]
    )
    return urlunsplit(("http", host, path, query, ""))
