"""Fetching a page (``xiaomi_reader.web.fetch``) as the window will call it: bounded
memory, progress, cancel and an overall time limit, against a real local server."""

from __future__ import annotations

import gzip
import tracemalloc

import pytest

from tests.web.pages import STORY, gzip_bomb
from tests.web.server import PageServer, dribbling, page
from xiaomi_reader.web.addresses import FetchRefused
from xiaomi_reader.web.fetch import FetchCancelled, FetchLimits, fetch_page

MIB = 1024 * 1024


def test_a_gzip_bomb_never_takes_much_more_memory_than_the_cap(web: PageServer):
    # 200 KB of gzip that unpacks to 200 MiB; 64 KiB of it alone would be 64 MiB.
    web.routes["/bomb"] = page(gzip_bomb(), headers={"Content-Encoding": "gzip"})
    tracemalloc.start()
    try:
        with pytest.raises(FetchRefused, match="larger than 20 MiB"):
            fetch_page(web.url("/bomb"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 30 * MIB, peak / MIB


def test_a_cut_off_compressed_page_is_refused(web: PageServer):
    whole = gzip.compress(STORY.encode("utf-8"))
    web.routes["/cut"] = page(whole[: len(whole) // 2], headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchRefused, match="ended before it was complete"):
        fetch_page(web.url("/cut"))


def test_an_unknown_compression_is_refused(web: PageServer):
    web.routes["/br"] = page(b"\x0b\x02\x80", headers={"Content-Encoding": "br"})
    with pytest.raises(FetchRefused, match="compressed the page as 'br'"):
        fetch_page(web.url("/br"))


def test_progress_is_reported_and_cancel_stops_the_fetch(web: PageServer):
    body = STORY + "<p>more words</p>" * 20000  # several network reads
    web.routes["/long"] = page(body)
    seen: list[tuple[int, int | None]] = []

    fetched = fetch_page(web.url("/long"), progress=lambda got, whole: seen.append((got, whole)))

    assert fetched.data == body.encode("utf-8")
    assert fetched.content_type == "text/html" and fetched.charset == "utf-8"
    assert len(seen) > 1 and seen[-1] == (len(fetched.data), len(fetched.data))
    assert [got for got, _ in seen] == sorted(got for got, _ in seen)

    calls: list[tuple[int, int | None]] = []
    with pytest.raises(FetchCancelled):
        fetch_page(
            web.url("/long"),
            progress=lambda got, whole: calls.append((got, whole)),
            cancelled=lambda: bool(calls),  # cancel once the first piece has arrived
        )
    assert len(calls) == 1


def test_a_page_that_never_ends_is_given_up_at_the_overall_limit(web: PageServer):
    web.routes["/drip"] = dribbling(web)
    limits = FetchLimits(read_timeout=5, total_timeout=0.3)
    with pytest.raises(FetchRefused, match=r"took more than 0\.3 s to arrive \(time-out\)"):
        fetch_page(web.url("/drip"), limits)
