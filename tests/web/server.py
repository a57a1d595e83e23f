"""A real HTTP server on 127.0.0.1 for the web-import tests (no mocks of the network).

Each test gets its own server on a free port; a route is a function that answers a
request through the handler itself, so a test can stall, break off, lie about its
content or send more than any client should read. What the server saw (request
targets, headers, bytes it managed to send) is kept for the test to check.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

Route = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Seen:
    """One request as the server received it."""

    target: str  # the request line's target: a path, or a whole URL through a proxy
    headers: dict[str, str]


@dataclass
class PageServer:
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[Seen] = field(default_factory=list)
    sent: dict[str, int] = field(default_factory=dict)  # body bytes written, per path
    finished: set[str] = field(default_factory=set)  # paths whose answer has ended
    release: threading.Event = field(default_factory=threading.Event)  # ends every stall
    port: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def paths_requested(self) -> list[str]:
        return [urlsplit(seen.target).path for seen in self.requests]

    def wait_until_finished(self, path: str, seconds: float = 20) -> None:
        """Wait (polling, with a deadline) until the answer on ``path`` has ended."""
        deadline = time.monotonic() + seconds
        while path not in self.finished:
            assert time.monotonic() < deadline, f"the answer on {path} never ended"
            time.sleep(0.01)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A client hanging up mid-answer is what several tests make it do; anything
        # else is a fault of the test server and is shown.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def start(server_state: PageServer) -> tuple[ThreadingHTTPServer, threading.Thread]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            server_state.requests.append(Seen(self.path, dict(self.headers.items())))
            route = server_state.routes.get(path, not_found)
            try:
                route(self)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client hung up: that is its right
            finally:
                server_state.finished.add(path)

        def log_message(self, format: str, *args: object) -> None:
            pass  # the test output stays the test's

    httpd = _Server(("127.0.0.1", 0), Handler)
    server_state.port = httpd.server_address[1]
    # A short poll interval: shutting the server down at the end of a test is quick.
    thread = threading.Thread(
        target=httpd.serve_forever, args=(0.02,), name="page-server", daemon=True
    )
    thread.start()
    return httpd, thread


# -- routes -----------------------------------------------------------------------------------


def page(
    body: bytes | str,
    *,
    status: int = 200,
    content_type: str | None = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
) -> Route:
    data = body.encode("utf-8") if isinstance(body, str) else body

    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        if content_type is not None:
            handler.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    return answer


def redirect(location: str, status: int = 302) -> Route:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return answer


def not_found(handler: BaseHTTPRequestHandler) -> None:
    page("<h1>Not here</h1>", status=404)(handler)


def stalling(state: PageServer) -> Route:
    """Headers and the start of a page, then nothing until the test ends."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        handler.wfile.write(b"<html><body><p>The first words of a story that never")
        handler.wfile.flush()
        state.release.wait(30)
        handler.close_connection = True

    return answer


def endless(state: PageServer, path: str, total: int, *, announce: bool) -> Route:
    """``total`` bytes of page in 64 KiB pieces, counting what could be sent."""
    piece = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>\n"

    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        if announce:
            handler.send_header("Content-Length", str(total))
        else:
            handler.send_header("Connection", "close")  # the end of the body is the close
            handler.close_connection = True
        handler.end_headers()
        state.sent[path] = 0
        while state.sent[path] < total:
            handler.wfile.write(piece)
            state.sent[path] += len(piece)

    return answer


def dribbling(state: PageServer) -> Route:
    """A page that never ends, one byte at a time: no single wait is long."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Connection", "close")
        handler.close_connection = True
        handler.end_headers()
        while not state.release.wait(0.01):
            handler.wfile.write(b"x")
            handler.wfile.flush()

    return answer
