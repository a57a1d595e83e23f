"""Fetching one web page with httpx: time-outs, redirects, a size cap while streaming.

The network is a boundary: every way a fetch can fail becomes :class:`FetchRefused`
with one sentence saying what happened and what to do. The body is read in pieces and
given up as soon as it passes the limit, so a 50 MB answer is never read whole; a
compressed body is unpacked with the same bound (:mod:`xiaomi_reader.web.bodies`).

For the window, :func:`fetch_page` takes a ``progress`` callback (bytes received, bytes
expected or None) and a ``cancelled`` check, both called between pieces of the body; a
:class:`~xiaomi_reader.web.cancel.Cancellation` as the check also ends a read that waits.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx

from xiaomi_reader.core.articles import MAX_ARTICLE_BYTES
from xiaomi_reader.web.addresses import (
    WEB_SCHEMES,
    FetchRefused,
    checked_address,
    without_credentials,
)
from xiaomi_reader.web.bodies import ACCEPTED_ENCODINGS, BodyDecoder
from xiaomi_reader.web.cancel import Cancellation

__all__ = ["FetchCancelled", "FetchLimits", "FetchedPage", "fetch_page", "user_agent"]

Progress = Callable[[int, int | None], None]
Cancelled = Callable[[], bool]
_MIB = 1024 * 1024


class FetchCancelled(Exception):
    """The ``cancelled`` check said stop; nothing was kept."""


@dataclass(frozen=True)
class FetchLimits:
    """How long and how much a fetch may take. Seconds; ``max_bytes`` of decoded body."""

    connect_timeout: float = 15.0
    read_timeout: float = 30.0  # the longest wait for the next piece of the answer
    total_timeout: float = 180.0  # a server sending a byte now and then ends too
    max_bytes: int = MAX_ARTICLE_BYTES
    max_redirects: int = 10


@dataclass(frozen=True)
class FetchedPage:
    url: str  # where the page was found, after redirects, without credentials
    content_type: str  # the media type, lower case; "" when the server named none
    charset: str | None  # the charset of the Content-Type header
    data: bytes  # the body, its Content-Encoding undone
    # Made once the whole body is in: when the page was fetched.
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))


def user_agent() -> str:
    import xiaomi_reader

    return f"xiaomi-reader/{xiaomi_reader.__version__} (news reader and annotator)"


def fetch_page(
    address: str,
    limits: FetchLimits | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> FetchedPage:
    """GET ``address``, following at most ``limits.max_redirects`` redirects."""
    limits = limits or FetchLimits()
    url = checked_address(address)
    # trust_env: the system's proxy settings (HTTP(S)_PROXY, ALL_PROXY, NO_PROXY) apply.
    with httpx.Client(
        timeout=httpx.Timeout(
            limits.read_timeout, connect=limits.connect_timeout, pool=limits.connect_timeout
        ),
        follow_redirects=False,
        trust_env=True,
        headers={
            "User-Agent": user_agent(),
            "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
            "Accept-Encoding": ACCEPTED_ENCODINGS,
        },
    ) as client:
        try:
            try:
                return _follow(client, url, limits, progress, cancelled)
            except httpx.HTTPError:
                _check_cancelled(cancelled)  # a read ended by cancelling is a cancel
                raise
        except httpx.InvalidURL:
            raise FetchRefused("this is not a valid web address; check it and try again.") from None
        except httpx.TimeoutException as exc:
            raise FetchRefused(_timeout_reason(exc, limits)) from None
        except httpx.ProxyError as exc:
            raise FetchRefused(
                f"the proxy did not pass the request on ({exc}); check the proxy settings."
            ) from None
        except httpx.ConnectError as exc:
            raise FetchRefused(
                f"could not connect ({exc}); check the address and your connection."
            ) from None
        except httpx.RemoteProtocolError:
            raise FetchRefused(
                "the server broke off the answer or sent one that is not valid HTTP; "
                "try again later."
            ) from None
        except httpx.HTTPError as exc:
            raise FetchRefused(f"the page could not be fetched ({exc}); try again later.") from None


def _follow(
    client: httpx.Client,
    url: str,
    limits: FetchLimits,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> FetchedPage:
    deadline = time.monotonic() + limits.total_timeout
    visited: list[str] = []
    # A Cancellation learns each connection, so that cancelling ends a read that waits.
    extensions = {"trace": cancelled.trace} if isinstance(cancelled, Cancellation) else {}
    for _hop in range(limits.max_redirects + 1):
        _check_cancelled(cancelled)
        with client.stream("GET", url, extensions=extensions) as response:
            if response.is_redirect:
                visited.append(url)
                url = _redirect_target(response)
                continue
            if not response.is_success:
                raise FetchRefused(_status_reason(response.status_code))
            data = _read_body(response, limits, deadline, progress, cancelled)
            media_type, charset = _content_type(response.headers.get("content-type", ""))
            return FetchedPage(without_credentials(str(response.url)), media_type, charset, data)
    if url in visited:
        raise FetchRefused(
            f"the server redirects in a loop (back to {url}); open the page in a browser, "
            "save it and import the file."
        )
    raise FetchRefused(
        f"more than {limits.max_redirects} redirects; open the page in a browser, "
        "save it and import the file."
    )


def _redirect_target(response: httpx.Response) -> str:
    location = response.headers["location"]
    try:
        target = response.url.join(location)
    except httpx.InvalidURL:
        raise FetchRefused("the server redirected to an address that is not valid.") from None
    if target.scheme not in WEB_SCHEMES:
        raise FetchRefused(
            f"the server redirected to a {target.scheme}: address, which is not fetched."
        )
    # A user name or password the server puts in a redirect is neither sent nor kept.
    return without_credentials(str(target))


def _read_body(
    response: httpx.Response,
    limits: FetchLimits,
    deadline: float,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> bytes:
    limit = limits.max_bytes
    expected = _content_length(response)
    decoder = BodyDecoder(response.headers.get("content-encoding", ""))
    if expected is not None and expected > limit and not response.headers.get("content-encoding"):
        raise FetchRefused(_too_large(limit))  # said so up front: nothing is read
    pieces: list[bytes] = []
    size = received = 0
    for raw in response.iter_raw():
        _check_cancelled(cancelled)
        if time.monotonic() > deadline:
            raise FetchRefused(
                f"the page took more than {limits.total_timeout:g} s to arrive (time-out); "
                "try again later."
            )
        received += len(raw)
        for piece in decoder.feed(raw, limit + 1 - size):
            size += len(piece)
            if size > limit:
                raise FetchRefused(_too_large(limit))  # leaving closes the connection
            pieces.append(piece)
        if received > limit:
            raise FetchRefused(_too_large(limit))
        if progress is not None:
            progress(received, expected)
    rest = decoder.finish(limit + 1 - size)
    if size + len(rest) > limit:
        raise FetchRefused(_too_large(limit))
    pieces.append(rest)
    return b"".join(pieces)


def _check_cancelled(cancelled: Cancelled | None) -> None:
    if cancelled is not None and cancelled():
        raise FetchCancelled


def _content_length(response: httpx.Response) -> int | None:
    value = response.headers.get("content-length", "")
    return int(value) if value.isdigit() else None


def _content_type(header: str) -> tuple[str, str | None]:
    media_type, *parameters = header.split(";")
    charset = None
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return media_type.strip().lower(), charset


def _too_large(limit: int) -> str:
    return (
        f"the page is larger than {limit / _MIB:g} MiB, the most an article may be; "
        "save the part you need from your browser and import that file."
    )


def _status_reason(status: int) -> str:
    phrase = httpx.codes.get_reason_phrase(status)
    answered = f"the server answered {status}{' ' + phrase if phrase else ''}"
    if status in (401, 403, 407):
        advice = "the page may need a login; save it from your browser and import the file"
    elif status == 429 or status >= 500:
        advice = "try again later"
    else:
        advice = "check the address"
    return f"{answered}; {advice}."


def _timeout_reason(exc: httpx.TimeoutException, limits: FetchLimits) -> str:
    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        return (
            f"no connection within {limits.connect_timeout:g} s (time-out); "
            "check the address and your connection, or try again later."
        )
    return f"the server sent nothing for {limits.read_timeout:g} s (time-out); try again later."
