"""Reading articles one after another on a worker thread, with progress and Cancel.

The shared part of :mod:`file_reader` (article files) and :mod:`url_fetcher` (web
pages), which keep only how one source is read and what an unexpected failure is
called. The worker does no library work: each article read comes back to the GUI thread
through queued signals, where it is stored through the controller. Cancelling sets a
:class:`~xiaomi_reader.web.cancel.Cancellation` that the worker checks before each
source; a fetch also hears of it at once, even while it waits on a silent server.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal

from xiaomi_reader.core.article_record import ParsedArticle
from xiaomi_reader.web.cancel import Cancellation

__all__ = ["ArticleWorker", "Progress", "ReadOne", "Stopped", "Unreadable"]

_log = logging.getLogger(__name__)

# received, expected or None: how far the source being read has come (bytes)
Progress = Callable[[int, int | None], None]
# One source read on the worker thread: the article, or None and the refusal.
ReadOne = Callable[[str, Progress, Cancellation], tuple[ParsedArticle | None, str]]
# The refusal shown for a source whose reading failed unexpectedly.
Unreadable = Callable[[str, Exception], str]


class Stopped(Exception):
    """Raised by a :data:`ReadOne` that the cancel reached: that source gets no ``read``."""


class ArticleWorker(QObject):
    """Reads a list of sources, one after the other, off the GUI thread."""

    started = Signal(int)  # index of the source now being read
    progressed = Signal(int, object, object)  # index, bytes received, bytes expected or None
    read = Signal(int, object, str)  # index, the ParsedArticle or None, the refusal
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
        self._relay.read.connect(self.read, Qt.ConnectionType.QueuedConnection)
        self._relay.finished.connect(self._finish, Qt.ConnectionType.QueuedConnection)

    def running(self) -> bool:
        return self._cancellation is not None

    def cancel(self) -> None:
        """Stop: no further source is read, and a fetch under way is dropped."""
        if self._cancellation is not None:
            self._cancellation.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Wait for the worker thread to end (True when it has)."""
        return self._pool.waitForDone(msecs)

    def _start(self, sources: Sequence[str], read_one: ReadOne, unreadable: Unreadable) -> None:
        assert self._cancellation is None, "one import at a time"
        cancellation = self._cancellation = Cancellation()
        relay, chosen = self._relay, list(sources)
        # Only plain functions and the relay go to the thread, never this object.
        self._pool.start(lambda: _read_all(chosen, read_one, unreadable, cancellation, relay))

    def _finish(self, cancelled: bool) -> None:
        self._cancellation = None
        self.finished.emit(cancelled)


class _Relay(QObject):
    started = Signal(int)
    progressed = Signal(int, object, object)
    read = Signal(int, object, str)
    finished = Signal(bool)


def _read_all(
    sources: list[str],
    read_one: ReadOne,
    unreadable: Unreadable,
    cancelled: Cancellation,
    relay: _Relay,
) -> None:
    """The worker's job. Every source gets a ``read`` or the run ends cancelled."""
    for index, source in enumerate(sources):
        if cancelled():
            break
        relay.started.emit(index)

        def progress(received: int, expected: int | None, index: int = index) -> None:
            relay.progressed.emit(index, received, expected)

        try:
            parsed, refusal = read_one(source, progress, cancelled)
        except Stopped:
            break
        except Exception as exc:  # anything else too: the import must never wait forever
            _log.exception("reading an article failed")
            relay.read.emit(index, None, unreadable(source, exc))
        else:
            relay.read.emit(index, parsed, refusal)
    relay.finished.emit(cancelled())
