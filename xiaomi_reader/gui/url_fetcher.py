"""Fetching web pages for File → Import from URL… on a worker thread.

The worker only fetches and reads pages (network and parsing, no library): each page
read comes back to the GUI thread through :class:`~xiaomi_reader.gui.article_worker.
ArticleWorker`'s signals (``progressed`` too, in bytes), where the dialog stores it
through the controller, so the window's lists hear of it. Cancelling also shuts the
connection down (:class:`~xiaomi_reader.web.cancel.Cancellation`), so a silent server
does not keep the thread, or a closing window, waiting.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from xiaomi_reader.core.article_record import ParsedArticle
from xiaomi_reader.gui.article_worker import ArticleWorker, Progress, Stopped
from xiaomi_reader.web.cancel import Cancellation
from xiaomi_reader.web.fetch import FetchLimits

__all__ = ["UrlFetcher"]


class UrlFetcher(ArticleWorker):
    """Fetches a list of addresses, one after the other, off the GUI thread."""

    def start(self, addresses: Sequence[str], limits: FetchLimits | None = None) -> None:
        self._start(addresses, partial(_fetch_page, limits), _unreadable)


def _fetch_page(
    limits: FetchLimits | None, address: str, progress: Progress, cancelled: Cancellation
) -> tuple[ParsedArticle | None, str]:
    from xiaomi_reader.web.addresses import FetchRefused
    from xiaomi_reader.web.fetch import FetchCancelled
    from xiaomi_reader.web.pages import fetch_article

    try:
        return fetch_article(address, limits, progress=progress, cancelled=cancelled), ""
    except FetchCancelled:
        raise Stopped from None
    except FetchRefused as exc:
        return None, exc.reason


def _unreadable(_address: str, exc: Exception) -> str:
    return f"the page could not be read ({exc}); try again."
