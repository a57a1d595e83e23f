"""Reading article files for an import on a worker thread.

The worker only reads and parses files (:func:`~xiaomi_reader.core.articles.
parse_article_file`: pure, no Qt, no library); each file read comes back to the GUI
thread through queued signals, where :mod:`file_import` stores it through the
controller. Cancelling sets a flag the worker checks before each file, so it stops
after the file it is reading.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal

__all__ = ["FileReader"]

_log = logging.getLogger(__name__)


class FileReader(QObject):
    """Reads a list of files, one after the other, off the GUI thread."""

    started = Signal(int)  # index of the file now being read
    read = Signal(int, object, str)  # index, the ParsedArticle or None, the refusal
    finished = Signal(bool)  # True when it stopped because it was cancelled

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._cancelled: threading.Event | None = None
        # The worker emits the relay's signals from its thread; they arrive queued here.
        self._relay = _Relay(self)
        self._relay.started.connect(self.started, Qt.ConnectionType.QueuedConnection)
        self._relay.read.connect(self.read, Qt.ConnectionType.QueuedConnection)
        self._relay.finished.connect(self._finish, Qt.ConnectionType.QueuedConnection)

    def running(self) -> bool:
        return self._cancelled is not None

    def start(self, paths: Sequence[str]) -> None:
        assert self._cancelled is None, "one import at a time"
        cancelled = self._cancelled = threading.Event()
        relay, chosen = self._relay, list(paths)
        self._pool.start(lambda: _read_all(chosen, cancelled, relay))

    def cancel(self) -> None:
        """Stop after the file being read; no further file is opened."""
        if self._cancelled is not None:
            self._cancelled.set()

    def wait(self, msecs: int = -1) -> bool:
        """Wait for the worker thread to end (True when it has)."""
        return self._pool.waitForDone(msecs)

    def _finish(self, cancelled: bool) -> None:
        self._cancelled = None
        self.finished.emit(cancelled)


class _Relay(QObject):
    started = Signal(int)
    read = Signal(int, object, str)
    finished = Signal(bool)


def _read_all(paths: list[str], cancelled: threading.Event, relay: _Relay) -> None:
    """The worker's job. Every file gets a ``read`` or the run ends cancelled."""
    from xiaomi_reader.core.article_files import refusal_subject
    from xiaomi_reader.core.articles import ArticleRefused, parse_article_file

    for index, path in enumerate(paths):
        if cancelled.is_set():
            break
        relay.started.emit(index)
        try:
            parsed = parse_article_file(path)
        except ArticleRefused as exc:
            relay.read.emit(index, None, str(exc))
        except Exception as exc:  # anything else too: the import must never wait forever
            _log.exception("reading an article file failed")
            relay.read.emit(index, None, f"{refusal_subject(path)} could not be read ({exc}).")
        else:
            relay.read.emit(index, parsed, "")
    relay.finished.emit(cancelled.is_set())
