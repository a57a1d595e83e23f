"""Web addresses given to an import: which arguments are addresses, which are fetched,
and how they are shown. A user name or password in an address is never shown or kept."""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

from xiaomi_reader.core.article_record import ArticleRefused

__all__ = ["FetchRefused", "checked_address", "looks_like_address", "without_credentials"]

# Two characters at least, so that "C:\\news.txt" stays a Windows path.
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):")
WEB_SCHEMES = ("http", "https")


class FetchRefused(ArticleRefused):
    """A web page that cannot become an article; the message is one sentence for people."""


def looks_like_address(argument: str) -> bool:
    """``scheme:…`` that is not an existing file: an address, to fetch or to refuse."""
    return bool(_SCHEME.match(argument)) and not os.path.lexists(argument)


def without_credentials(address: str) -> str:
    """``address`` with any ``user:password@`` taken out of its authority.

    Works on the text itself, so an address too broken to parse is cleaned too.
    """
    scheme_end = address.find("://")
    if scheme_end < 0:
        match = _SCHEME.match(address)
        if match is None:
            return address
        start = match.end()  # "http:user:pw@host" without slashes
    else:
        start = scheme_end + 3
    ends = [i for i in (address.find(c, start) for c in "/?#\\") if i >= 0]
    end = min(ends, default=len(address))
    at = address.rfind("@", start, end)
    if at < 0:
        return address
    return address[:start] + address[at + 1 :]


def checked_address(address: str) -> str:
    """The address to fetch, or :class:`FetchRefused` saying why it is not fetched."""
    match = _SCHEME.match(address)
    scheme = match.group(1).lower() if match else ""
    if scheme == "file":
        raise FetchRefused("file: addresses are not fetched; import the file by its path instead.")
    if scheme not in WEB_SCHEMES:
        what = f"{scheme}: addresses" if scheme else "addresses without http:// or https://"
        raise FetchRefused(f"only http and https pages are fetched, not {what}.")
    if without_credentials(address) != address:
        # Sending them would put a password in the server's logs and ours; keeping them
        # would put it in the library. Refusing is the one choice that leaks nothing.
        raise FetchRefused(
            "the address holds a user name or password, which xiaomi-reader neither sends "
            "nor keeps; remove them from the address, or save the page from your browser "
            "and import the file."
        )
    try:
        parts = urlsplit(address)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        host = None
    if not host:
        raise FetchRefused("this is not a complete web address; check it and try again.")
    return address
