"""Fetching web pages for File → Import from URL… on a worker thread.

The worker only fetches and reads pages (network and parsing, no library): each page
read comes back to the GUI thread through queued signals, where the dialog stores it
through the controller, so the window's lists hear of it. Cancelling sets a shared
flag and shuts the connection down (:class:`~xiaomi_reader.web.cancel.Cancellation`),
so a silent server does not keep the thread, or a closing window, waiting.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal

from xiaomi_reader.web.cancel import Cancellation
from xiaomi_reader.web.fetch import FetchLimits

__all__ = ["UrlFetcher"]

_log = logging.getLogger(__name__)


class UrlFetcher(QObject):
    """Fetches a list of addresses, one after the other, off the GUI thread."""

    started = Signal(int)  # index of the address now being fetched
    progressed = Signal(int, object, object)  # index, bytes received, bytes expected or None
    fetched = Signal(int, object, str)  # index, the ParsedArticle or None, the refusal
    finished = Signal(bool)  # True when it stopped because it was cancelled

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._cancellation: Cancellation | None = None
        # The worker emits the relay's signals from its thread; they arrive queued here.
        self._relay = _Relay(self)
        self._relay.started.connect(self.started, Qt.ConnectionType.QueuedConnection)
        self._relay.progressed.connect(self.progressed, Qt.ConnectionType.QueuedConnection)
        self._relay.fetched.connect(self.fetched, Qt.ConnectionType.QueuedConnection)
        self._relay.finished.connect(self._finish, Qt.ConnectionType.QueuedConnection)

    def running(self) -> bool:
        return self._cancellation is not None

    def start(self, addresses: Sequence[str], limits: FetchLimits | None = None) -> None:
        assert self._cancellation is None, "one import at a time"
        cancellation = self._cancellation = Cancellation()
        relay, chosen = self._relay, list(addresses)
        self._pool.start(lambda: _fetch_all(chosen, limits, cancellation, relay))

    def cancel(self) -> None:
        """Stop: the page being fetched is dropped and no further address is fetched."""
        if self._cancellation is not None:
            self._cancellation.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Wait for the worker thread to end (True when it has)."""
        return self._pool.waitForDone(msecs)

    def _finish(self, cancelled: bool) -> None:
        self._cancellation = None
        self.finished.emit(cancelled)


class _Relay(QObject):
    started = Signal(int)
    progressed = Signal(int, object, object)
    fetched = Signal(int, object, str)
    finished = Signal(bool)


def _fetch_all(
    addresses: list[str], limits: FetchLimits | None, cancelled: Cancellation, relay: _Relay
) -> None:
    """The worker's job. Every address gets a ``fetched`` or the run ends cancelled."""
    from xiaomi_reader.web.addresses import FetchRefused
    from xiaomi_reader.web.fetch import FetchCancelled
    from xiaomi_reader.web.pages import fetch_article

    for index, address in enumerate(addresses):
        if cancelled():
            break
        relay.started.emit(index)

        def progress(received: int, expected: int | None, index: int = index) -> None:
            relay.progressed.emit(index, received, expected)

        try:
            parsed = fetch_article(address, limits, progress=progress, cancelled=cancelled)
        except FetchCancelled:
            break
        except FetchRefused as exc:
            relay.fetched.emit(index, None, exc.reason)
        except Exception as exc:  # anything else too: the dialog must never wait forever
            _log.exception("fetching a page failed")
            relay.fetched.emit(index, None, f"the page could not be read ({exc}); try again.")
        else:
            relay.fetched.emit(index, parsed, "")
    relay.finished.emit(cancelled())
