"""The ``web`` fixture: a real HTTP server on 127.0.0.1 for this test alone."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.web.server import PageServer, start


@pytest.fixture
def web(monkeypatch: pytest.MonkeyPatch) -> Iterator[PageServer]:
    # The fetch honours the system's proxy settings; the test server is reached directly.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("all_proxy", raising=False)
    state = PageServer()
    httpd, thread = start(state)
    try:
        yield state
    finally:
        state.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(10)
