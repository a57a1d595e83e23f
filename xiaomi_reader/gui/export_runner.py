"""Runs an export on a worker thread and reports its outcome back on the GUI thread.

That is safe: every library method opens its own short session on the shared
SQLAlchemy engine (pooled connections, usable from any thread), and the PDF writer
only paints a ``QTextDocument`` onto a ``QPdfWriter``, which Qt supports outside the
GUI thread. The dialog stays modal while the export runs, so nothing in the library
changes underneath it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal

from xiaomi_reader.core.display import display_name
from xiaomi_reader.export import ExportError, export_library
from xiaomi_reader.gui.export_choices import ExportRequest
from xiaomi_reader.store.errors import LibraryError
from xiaomi_reader.store.library import Library

Export = Callable[[Library, ExportRequest], Path]


def run_export(library: Library, request: ExportRequest) -> Path:
    """Make the export; raises ExportError, LibraryError or OSError with a message for people."""
    return export_library(
        library,
        request.fmt,
        request.destination,
        request.article_keys,
        request.tag_names,
        page_size=request.page_size,
    )


class _Relay(QObject):
    """Carries the worker's outcome back to the GUI thread (queued, as it lives there)."""

    succeeded = Signal(str)
    failed = Signal(str)


class ExportRunner:
    """One export at a time, off the GUI thread; the outcome arrives as a call on it."""

    def __init__(
        self,
        parent: QObject,
        succeeded: Callable[[str], None],
        failed: Callable[[str], None],
    ) -> None:
        # The pool is created before the relay: the parent destroys its children in that
        # order, so the pool waits for a running job before the relay it reports to goes.
        self._pool = QThreadPool(parent)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(parent)
        self._relay.succeeded.connect(succeeded, Qt.ConnectionType.QueuedConnection)
        self._relay.failed.connect(failed, Qt.ConnectionType.QueuedConnection)

    def start(self, export: Export, library: Library, request: ExportRequest) -> None:
        relay = self._relay
        self._pool.start(lambda: _work(export, library, request, relay))


def _work(export: Export, library: Library, request: ExportRequest, relay: _Relay) -> None:
    """The worker thread's job: export, then report back through the relay."""
    try:
        path = export(library, request)
    except (ExportError, LibraryError) as exc:
        relay.failed.emit(str(exc))
    except OSError as exc:
        shown = display_name(request.destination)
        relay.failed.emit(f"Cannot write {shown}: {exc.strerror or exc}.")
    except Exception as exc:  # anything else too: the dialog must never wait forever
        relay.failed.emit(f"The export failed: {exc}")
    else:
        relay.succeeded.emit(str(path))
