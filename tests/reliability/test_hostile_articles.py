"""Hostile article files: imported exactly, or refused with the reason; nothing ever fetched."""

from __future__ import annotations

import json
import os
import threading
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QUrl
from PySide6.QtGui import QHelpEvent, QTextDocument
from PySide6.QtWidgets import QApplication, QLabel, QToolTip
from pytestqt.qtbot import QtBot

from tests.gui.mouse import char_point, u16
from tests.helpers import COUNTING_OPENS, cli
from tests.reliability import Child
from xiaomi_reader.export import export_library
from xiaomi_reader.gui.article_pane import ArticlePane
from xiaomi_reader.store.library import Library

pytestmark = pytest.mark.slow

MIB = 1024 * 1024


class Requests:
    """A web server on 127.0.0.1 that counts every request it gets."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        hits = self.paths

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_POST = do_HEAD = do_GET

            def log_message(self, *_args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture
def web() -> Iterator[Requests]:
    server = Requests()
    try:
        yield server
    finally:
        server.close()


def imported(stdout: str) -> dict[str, str]:
    """File name → "imported …" / "refused: reason", from the import command's lines."""
    outcome = {}
    for line in stdout.splitlines():
        path, _, rest = line.partition(": ")
        outcome[Path(path).name] = rest
    return outcome


def library_texts(db: Path) -> dict[str, str]:
    """file_name → stored text, finding ids through ``articles --json`` like a script would."""
    listed = cli("--db", str(db), "articles", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    with Library.open(db) as library:
        return {row["file_name"]: library.article(row["id"]).text for row in rows}


# Text that must come back exactly as written (after \r\n and \r become \n).
EXACT = {
    "rtl.txt": "עיתונאי כתב: «השר אמר» — ثم قال الوزير: ‏«لا»‏.\n"
    "Mixed: abc \u202eevil.exe\u202c and \u2067isolated\u2069 text.\n",
    "combining.txt": "Cafe\u0301 na\u0308ive Z\u0335\u0321a\u0336\u0322l\u0337\u0328g\u0338o\u0327 "
    "\u1100\u1161\u11a8 a\u20dd e\u0301\u0301\u0301\u0301\n",
    "emoji.txt": "Xiaomi 🙂 said 👍🏽 the family 👨‍👩‍👧‍👦 flag 🇺🇸 keycap 1️⃣ astral 𝔘𝔫𝔦 𐍈 and 🏳️‍🌈.\n",
    "specials.txt": "Line\u2028separator, para\u2029graph, form\x0cfeed, tab\there, "
    "nbsp\u00a0and zero\u200bwidth, BOM-like \ufeff inside, end.\n",
}
MIXED_ENDINGS = b"First line\r\nsecond line\rthird line\nfourth\r\n\r\nlast  \r"
LATIN_1 = "Le café de la façade à côté était très naïf.\n"


def test_hostile_text_files_are_exact_or_refused_with_the_reason(tmp_path: Path, db_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    files: dict[str, bytes] = {name: text.encode("utf-8") for name, text in EXACT.items()}
    files["mixed.txt"] = MIXED_ENDINGS
    files["latin1.txt"] = LATIN_1.encode("cp1252")
    files["photo.txt"] = b"\x89PNG\r\n\x1a\n" + os.urandom(2048)
    files["program.md"] = b"\x7fELF\x02\x01\x01" + os.urandom(2048)
    files["zero.txt"] = b""
    files["blank.txt"] = b"  \n\t\r\n  "
    files["nul.txt"] = b"A sentence with a NUL\x00 byte in the middle of real text.\n"
    files["garbled.txt"] = bytes(range(0x80, 0x100)) * 8
    files["broken-utf8.txt"] = b"Valid start, then \xc3\x28\xa0\xa1\xe2\x28\xa1\xf0"
    for name, data in files.items():
        (folder / name).write_bytes(data)
    huge = folder / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(50 * MIB)
    # Things that are not files: reading them could block forever or never end.
    os.mkfifo(folder / "pipe.txt")
    (folder / "endless.txt").symlink_to("/dev/zero")
    (folder / "folder.txt").mkdir()
    specials = ["pipe.txt", "endless.txt", "folder.txt"]

    paths = [str(folder / name) for name in [*files, *specials]] + [str(huge)]
    result = cli("--db", str(db_path), "import", *paths)
    assert result.returncode == 1, result.stderr  # some were refused
    assert "Traceback" not in result.stdout + result.stderr
    outcome = imported(result.stdout)
    refusals = {
        "photo.txt": "a PNG image, not text",
        "program.md": "an executable program, not text",
        "zero.txt": "is empty",
        "blank.txt": "empty: it contains only whitespace",
        "nul.txt": "binary file, not text",
        "garbled.txt": "not valid UTF-8",
        "broken-utf8.txt": "not valid UTF-8",
        "huge.txt": "is 50.0 MB; the limit is 20 MB",
        "pipe.txt": "is not a regular file",
        "endless.txt": "is not a regular file",
        "folder.txt": "is a folder, not a file",
    }
    for name, reason in refusals.items():
        assert outcome[name].startswith("refused: "), (name, outcome[name])
        assert reason in outcome[name], (name, outcome[name])
    accepted = [*EXACT, "mixed.txt", "latin1.txt"]
    for name in accepted:
        assert outcome[name].startswith("imported as "), (name, outcome[name])

    texts = library_texts(db_path)
    assert set(refusals).isdisjoint(texts)
    for name, text in EXACT.items():
        assert texts[name] == text, name
    assert texts["mixed.txt"] == "First line\nsecond line\nthird line\nfourth\n\nlast  \n"
    assert texts["latin1.txt"] == LATIN_1


# Runs the import command on the files in argv[2:] with an audit hook counting open()s of each.
WATCHED_IMPORT = (
    COUNTING_OPENS
    + """
from xiaomi_reader.cli import main
status = main(["--db", sys.argv[1], "import", *sys.argv[2:]])
print(*(opened[name] for name in files), flush=True)
sys.exit(status)
"""
)


def test_an_oversized_file_is_refused_without_being_opened(tmp_path: Path, db_path: Path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.write(b"A line of a very long article.\n" * 1024)
        handle.truncate(50 * MIB)
    small = tmp_path / "small.txt"
    small.write_text("A small article, read as usual.\n", "utf-8")
    with Library.open(db_path):
        pass
    child = Child(WATCHED_IMPORT, str(db_path), str(huge), str(small))
    try:
        status = child.wait(timeout=60)
    finally:
        child.close()
    assert status == 1
    refused, accepted, opened = child.lines
    assert refused.endswith('refused: "huge.txt" is 50.0 MB; the limit is 20 MB.'), refused
    assert "small.txt: imported" in accepted
    huge_opens, small_opens = map(int, opened.split())
    assert small_opens >= 1  # the hook sees the files that are read
    assert huge_opens == 0


def hostile_html(base: str) -> str:
    return f"""<!doctype html>
<html><head>
<title>Hostile &lt;img src="{base}/title.png"&gt; page</title>
<meta http-equiv="refresh" content="0; url={base}/refresh">
<link rel="stylesheet" href="{base}/style.css">
<link rel="preload" as="image" href="{base}/preload.png">
<style>body {{ background: url({base}/background.png) }}</style>
<script>fetch("{base}/fetch"); document.write("<img src='{base}/written.png'>")</script>
<script src="{base}/external.js"></script>
<base href="{base}/">
</head>
<body onload="alert('body')" background="{base}/body.png">
<h1 onclick="alert('headline')">The real headline</h1>
<p onmouseover="alert('p')">First paragraph <img src="{base}/x.png" onerror="alert('img')"
 srcset="{base}/x2.png 2x"> continues.</p>
<iframe src="{base}/frame.html"></iframe>
<p style="background-image: url({base}/inline.png)">Second <a href="javascript:alert(1)">link</a>
paragraph <a href="{base}/page">here</a>.</p>
<svg onload="alert('svg')"><image href="{base}/svg.png"/></svg>
<object data="{base}/object"></object><embed src="{base}/embed">
<video poster="{base}/poster.png" src="{base}/video.mp4"></video>
<audio src="{base}/audio.mp3"></audio><input type="image" src="{base}/input.png">
<noscript><img src="{base}/noscript.png"></noscript>
<template><img src="{base}/template.png"></template>
<p>Third paragraph.</p>
<script>new Image().src = "{base}/beacon";</script>
</body></html>
"""


HTML_TEXT = "The real headline\n\nFirst paragraph continues.\n\nSecond link paragraph here.\n\n"
HTML_TEXT += "Third paragraph."


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the tooltip, offscreen
def test_hostile_html_is_reduced_to_text_and_nothing_is_ever_fetched(
    tmp_path: Path, db_path: Path, web: Requests, qtbot: QtBot
):
    base = web.base
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "hostile.html").write_text(hostile_html(base), "utf-8")
    # Markdown is kept as written, never rendered; a .txt of HTML source stays source.
    (folder / "hostile.md").write_text(
        f'# Images\n\n![remote]({base}/md.png) and <img src="{base}/raw.png"> inline.\n',
        "utf-8",
    )
    source = f'<p>Shown as <b>text</b>: <img src="{base}/txt.png"><script>alert(1)</script></p>\n'
    (folder / "source.txt").write_text(source, "utf-8")

    result = cli("--db", str(db_path), "import", *map(str, sorted(folder.iterdir())))
    assert result.returncode == 0, result.stdout + result.stderr
    texts = library_texts(db_path)
    html_text = texts["hostile.html"]
    assert html_text == HTML_TEXT
    for trace in ("<", ">", "alert", "script", "onclick", "127.0.0.1", "fetch", "javascript"):
        assert trace not in html_text
    assert texts["source.txt"] == source
    assert web.paths == []  # not on import

    with Library.open(db_path) as library:
        tag = library.add_tag(f'<img src="{base}/tag.png">', f"red; background: url({base}/c)")
        tags = {t.id: t for t in library.tags()}
        summaries = {s.file_name: s for s in library.articles()}
        for name in ("hostile.html", "hostile.md", "source.txt"):
            article = library.article(summaries[name].id)
            note = f'<script>alert(1)</script><img src="{base}/note.png">'
            library.add_annotation(article.id, 0, 8, tag_ids=[tag.id], note=note)
            pane = ArticlePane()
            qtbot.addWidget(pane)
            pane.resize(700, 500)
            pane.show()
            pane.show_article(article, library.annotations(article.id), tags)
            QApplication.processEvents()
            assert not pane.grab().isNull()
            view = pane.text_view
            document = view.document()
            assert document.toPlainText() == article.text  # markup is shown as text
            assert not _has_images(document), name
            titles = [label for label in pane.findChildren(QLabel) if label.text() == article.title]
            assert titles and all(t.textFormat().name == "PlainText" for t in titles)
            # A resource request goes nowhere.
            url = QUrl(f"{base}/direct.png")
            resource = view.loadResource(QTextDocument.ResourceType.ImageResource.value, url)
            assert resource is None
            # The tooltip shows the note as text, not as markup.
            viewport = view.viewport()
            pos = char_point(pane, u16(article.text, 2))
            QApplication.sendEvent(
                viewport, QHelpEvent(QEvent.Type.ToolTip, pos, viewport.mapToGlobal(pos))
            )
            qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
            assert "<img" not in QToolTip.text() and "&lt;img" in QToolTip.text()
            QToolTip.hideText()
            QApplication.processEvents()

        report = export_library(library, "html", tmp_path / "report.html").read_text("utf-8")
        pdf = export_library(library, "pdf", tmp_path / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    markup = Markup()
    markup.feed(report)
    markup.close()
    assert not markup.tags & {"script", "img", "iframe", "object", "embed", "link", "svg"}
    for element, name, value in markup.attributes:
        assert name not in ("src", "srcset", "background", "data", "poster"), (element, name)
        assert not name.startswith("on"), (element, name)
        assert name != "href" or value.startswith("#"), (element, value)
        assert "url(" not in value, (element, name, value)
    assert "url(" not in markup.styles
    assert '<img src="' + base in markup.text  # the hostile tag name and note, as text

    assert web.paths == [], web.paths
    # The counter itself works: one real request is seen.
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with direct.open(f"{base}/check", timeout=5) as response:
        assert response.status == 200
    assert web.paths == ["/check"]


class Markup(HTMLParser):
    """The elements, attributes, style sheets and text of an HTML document."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str, str]] = []
        self.styles = ""
        self.text = ""
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._in:
            del self._in[len(self._in) - 1 - self._in[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "style":
            self.styles += data
        else:
            self.text += data


def _has_images(document: QTextDocument) -> bool:
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            if iterator.fragment().charFormat().isImageFormat():
                return True
            iterator += 1
        block = block.next()
    return False
