"""Pages the test server serves, and what the library holds afterwards."""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

from xiaomi_reader.core.records import Article
from xiaomi_reader.store.library import Library


def article_html(title: str, *paragraphs: str, head: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head>{head}<title>{title}</title></head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article>"
        "</body></html>"
    )


STORY_TITLE = "Xiaomi sues over the blacklist"
STORY = article_html(
    STORY_TITLE,
    "Xiaomi asked a court in Washington to strike it from a Department of Defense list.",
    "The company says it is not owned or controlled by the Chinese military.",
)
JS_SHELL = (
    "<!doctype html><html><head><title>News</title>"
    "<script src='/static/app.js'></script></head><body>"
    "<noscript>You need to enable JavaScript to run this app.</noscript>"
    "<div id='root'></div><script>window.start()</script></body></html>"
)
JS_PLEA = (
    "<!doctype html><html><head><title>News</title></head><body>"
    "<div class='warning'>Please enable JavaScript in your browser to read this story.</div>"
    "<div id='app'></div><script src='/bundle.js'></script></body></html>"
)
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@cache
def gzip_bomb(decoded_mib: int = 200) -> bytes:
    """``decoded_mib`` MiB of zeros, gzip-compressed (about 200 KB for 200 MiB)."""
    return gzip.compress(bytes(decoded_mib * 1024 * 1024), compresslevel=9)


def stored_articles(db_path: Path) -> list[Article]:
    """Every article of the library, texts included."""
    with Library.open(db_path) as library:
        return library.articles_with_texts([a.id for a in library.articles()])


def stored_bytes(db_path: Path) -> bytes:
    """The library file and whatever lies beside it (log, shared memory), as bytes."""
    return b"".join(p.read_bytes() for p in sorted(db_path.parent.glob(db_path.name + "*")))
