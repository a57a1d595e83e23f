"""Cancelling a fetch at once, even while it waits on a silent server.

:func:`~xiaomi_reader.web.fetch.fetch_page` checks its ``cancelled`` callable between
pieces of the answer, but a server that sends nothing leaves the fetch blocked in a
read for up to the read time-out. A :class:`Cancellation` is such a callable that also
learns the fetch's connections (through httpcore's documented ``trace`` extension) and
shuts them down when cancelled, which ends a blocked read at once.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from typing import Any

__all__ = ["Cancellation"]

# httpcore's trace events whose return value is the connection's network stream.
_CONNECTED = ("connection.connect_tcp.complete", "connection.start_tls.complete")


class Cancellation:
    """A cancel flag shared by the thread that fetches and the one that may cancel."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []

    def __call__(self) -> bool:
        return self._event.is_set()

    def cancel(self) -> None:
        """Stop the fetch: set the flag and end every read it may be waiting in."""
        with self._lock:
            self._event.set()
            for sock in self._sockets:
                _shut(sock)

    def trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore's ``trace`` callback: note each new connection's socket."""
        if event not in _CONNECTED:
            return
        stream = info.get("return_value")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if not isinstance(sock, socket.socket):
            return
        with self._lock:
            self._sockets.append(sock)
            if self._event.is_set():
                _shut(sock)  # cancelled while it was connecting


def _shut(sock: socket.socket) -> None:
    # The plain socket's shutdown, not SSLSocket's (which drops its TLS state first, under
    # the reading thread): the reader's blocked recv returns, and the fetch stops there.
    with contextlib.suppress(OSError):  # already closed: nothing left to stop
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
