"""Every export format from a library holding hostile text, and how exports are written."""

from __future__ import annotations

import csv
import gc
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.export import (
    ATTRACTIVE,
    DEFENSE,
    FORMULA_NOTE,
    HOSTILE_NOTE,
    LINK_NOTE,
    SIGNED,
    STATE,
    Built,
    annotate,
    article_id,
    build,
    orphan_item,
)
from tests.helpers import SHARED
from xiaomi_reader.core.report import build_report
from xiaomi_reader.export import FORMATS, ExportError, export_library
from xiaomi_reader.export.csv_export import COLUMNS
from xiaomi_reader.store.interchange import import_annotations
from xiaomi_reader.store.library import Library

CHECKER = SHARED / "conformance" / "w3c-annotation-model" / "check.py"
ORPHAN_QUOTE = "words that appear in no article at all"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Library, Built]]:
    library = Library.open(tmp_path_factory.mktemp("hostile") / "library.sqlite3")
    built = build(library)
    summary = import_annotations(library, orphan_item(ORPHAN_QUOTE))
    assert summary.orphaned == 1
    try:
        yield library, built
    finally:
        library.close()


@pytest.fixture(scope="module")
def exports(
    hostile: tuple[Library, Built], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    library, _ = hostile
    folder = tmp_path_factory.mktemp("exports")
    return {fmt: export_library(library, fmt, folder / f"report.{fmt}") for fmt in FORMATS}


# --------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------


def test_markdown_carries_the_quotes_as_blockquotes(exports: dict[str, Path]):
    md = exports["md"].read_text("utf-8")
    for quote in (DEFENSE, STATE, ATTRACTIVE, SIGNED):
        assert f"**{quote}**" in md
    assert any(line.startswith("> ") and f"**{DEFENSE}**" in line for line in md.splitlines())
    assert "## Contradictions and other links" in md
    assert "| # | Passage | Article | Link | Linked passage | Article | Link note |" in md
    assert "## Orphaned annotations" in md and ORPHAN_QUOTE in md
    assert "https\\://example.org/gone.html" in md  # shown, but not as a bare link


def test_markdown_escapes_user_text(exports: dict[str, Path]):
    md = exports["md"].read_text("utf-8")
    # No HTML, link, image, entity or code span can start from user text.
    assert re.findall(r"(?<!\\)[<\[&`@]", md) == []
    assert re.findall(r"(?<!\\)://|www\.", md) == []  # no autolinks either
    assert not any(line.startswith("# not") for line in md.splitlines())
    unescaped = re.sub(r"\\(.)", r"\1", md)
    for line in HOSTILE_NOTE.splitlines():
        assert line in unescaped
    assert FORMULA_NOTE in unescaped and LINK_NOTE in unescaped


# Every line of this note starts with something Markdown would make a block of.
MARKER_NOTE = (
    "1. not a list\n2) nor this\n   - nor this\n+ plus\n= equals\n\n\n"
    "    four spaces\n٣. eastern digit\nwww.example.com and http://evil.example"
)
# A passage across a paragraph break, ending in one.
ACROSS = "Google services on its smartphones. The Android Authority portal covered the topic.\n"


def test_markdown_note_lines_never_start_a_block(library: Library, tmp_path: Path):
    built = build(library)
    library.set_note(built.attractive.id, MARKER_NOTE)
    md = export_library(library, "md", tmp_path / "report.md").read_text("utf-8")
    shown = "\\\n".join(
        [
            "**Note:** 1\\. not a list",
            "2\\) nor this",
            "\\- nor this",
            "\\+ plus",
            "\\= equals",
            "four spaces",  # no code block; the blank lines are dropped
            "٣\\. eastern digit",
            "www\\.example.com and http\\://evil.example",
        ]
    )
    # Once in its article, once with the link it is the first passage of.
    assert md.count(shown) == 2


def test_markdown_quote_across_lines_is_one_blockquote(library: Library, tmp_path: Path):
    built = build(library)
    why = built.defense.article_id
    assert why is not None
    across = annotate(library, why, ACROSS + "\nXiaomi Mi 10 Lite\n\nWe later informed")
    ending = annotate(library, why, ACROSS)
    library.add_link(across.id, ending.id, "same claim")
    md = export_library(library, "md", tmp_path / "report.md").read_text("utf-8")
    bold = "**Google services on its smartphones. The Android Authority portal covered the topic.**"
    # Each line of the quote in bold, the blank line kept inside the blockquote.
    blockquote = (
        f"> …problem, as it is even banned from using {bold}\n>\n> **Xiaomi Mi 10 Lite**\n>\n"
        "> **We later informed** that the Chinese manufacturer was blacklisted, but it…\n"
    )
    assert md.count(blockquote) == 2  # in its article and with its link
    # The context after a quote is words on one line, whatever breaks were between them.
    blockquote = f"> …problem, as it is even banned from using {bold}\n> Xiaomi Mi 10 Lite We later"
    assert md.count(blockquote) == 2
    # In the table of links each quote is one line, its quote marks hugging the words.
    flat = "“Google services on its smartphones. The Android Authority portal covered the topic."
    assert f"| {flat} Xiaomi Mi 10 Lite We later informed” |" in md
    assert f"| {flat}” |" in md


# --------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        (self.styles if self._in_style else self.text).append(data)


SAFE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "b", "br",
    "table", "tr", "th", "td", "span", "blockquote", "a", "div", "ul", "li",
}  # fmt: skip


def test_html_has_no_executable_markup(exports: dict[str, Path]):
    page = Collector()
    page.feed(exports["html"].read_text("utf-8"))
    assert {tag for tag, _ in page.tags} <= SAFE_TAGS  # no script, img, iframe, object, form…
    for tag, attrs in page.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert name not in {"src", "srcset", "action", "formaction", "background"}
            lowered = (value or "").lower()
            assert "javascript:" not in lowered and "url(" not in lowered
            if name == "href":
                assert lowered.startswith("#"), value  # links stay inside the page
    css = "".join(page.styles).lower()
    assert "url(" not in css and "@import" not in css
    metas = [dict(attrs) for tag, attrs in page.tags if tag == "meta"]
    assert any("default-src 'none'" in (m.get("content") or "") for m in metas)


def test_html_shows_the_hostile_text_as_text(exports: dict[str, Path], hostile: tuple):
    source = exports["html"].read_text("utf-8")
    page = Collector()
    page.feed(source)
    text = "".join(page.text)
    for line in HOSTILE_NOTE.splitlines():
        assert line in text
    for quote in (DEFENSE, STATE, ATTRACTIVE, SIGNED, ORPHAN_QUOTE, FORMULA_NOTE, LINK_NOTE):
        assert quote in text
    assert "Orphaned annotations" in text
    # The colour that tried to add an attribute was replaced by a neutral grey.
    assert "onmouseover" not in source and "background-color: #9E9E9E" in source


def test_html_keeps_the_line_breaks_of_a_note_and_nothing_else(library: Library, tmp_path: Path):
    built = build(library)
    library.set_note(built.signed.id, "one\r\ntwo\rthree\n<b>four</b> & 'five'")
    source = export_library(library, "html", tmp_path / "report.html").read_text("utf-8")
    note = "one<br>two<br>three<br>&lt;b&gt;four&lt;/b&gt; &amp; &#x27;five&#x27;"
    assert f'<p class="note"><span class="label">Note:</span> {note}</p>' in source


# --------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # so that spreadsheets read UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == COLUMNS
    return [dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]]


def test_csv_has_no_live_formula_and_keeps_the_text(exports: dict[str, Path], hostile: tuple):
    _, built = hostile
    rows = {row["annotation id"]: row for row in read_csv(exports["csv"])}
    assert len(rows) == 5
    for row in rows.values():
        for cell in row.values():
            assert not cell.startswith(FORMULA_STARTS), cell
    assert rows[built.state.iri]["note"] == "'" + FORMULA_NOTE
    assert rows[built.attractive.iri]["note"] == "'-1 + 2 is not a formula"
    assert rows[built.signed.iri]["note"] == "'@SUM(A1)"
    defense = rows[built.defense.iri]
    assert defense["note"] == HOSTILE_NOTE  # quotes, tab and newlines intact
    assert defense["quote"] == DEFENSE
    assert defense["tags"] == "Claim"
    assert defense["links"] == (
        f"contradicted by → {built.state.iri}; supported by → {built.attractive.iri}"
    )
    assert rows[built.state.iri]["links"] == f"contradicts → {built.defense.iri}"
    assert rows[built.state.iri]["tags"] == "Contradiction; <em>Dubious</em> & co"
    signed = rows[built.signed.iri]
    assert (int(signed["start"]), int(signed["end"])) == (built.signed.start, built.signed.end)
    orphan = rows["urn:uuid:00000000-0000-4000-8000-0000000000aa"]
    assert orphan["article title"] == "" and orphan["state"] == "orphaned"
    assert orphan["article iri"] == "https://example.org/gone.html"
    assert b"\r\n" in exports["csv"].read_bytes()


# --------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def test_pdf_has_pages_numbers_and_selectable_text(exports: dict[str, Path]):
    pdf = exports["pdf"].read_bytes()
    assert pdf.startswith(b"%PDF-")
    pages = page_count(pdf)
    assert pages >= 1
    assert b"/MediaBox [0 0 595" in pdf  # A4 by default
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    result = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(exports["pdf"]), "-"],
        capture_output=True,
        check=True,
        timeout=30,
    )
    text = " ".join(result.stdout.decode("utf-8").split())
    for quote in (DEFENSE, STATE, ATTRACTIVE, SIGNED, ORPHAN_QUOTE):
        assert quote in text
    assert "<script>alert('x')</script>" in text and FORMULA_NOTE in text
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in text


def test_pdf_letter(hostile: tuple, tmp_path: Path):
    library, built = hostile
    path = export_library(
        library, "pdf", tmp_path / "letter.pdf", [built.attractive.article_id], page_size="letter"
    )
    pdf = path.read_bytes()
    assert b"/MediaBox [0 0 612" in pdf and page_count(pdf) >= 1


# --------------------------------------------------------------------------
# W3C JSON-LD
# --------------------------------------------------------------------------


def test_json_is_a_w3c_collection(exports: dict[str, Path], hostile: tuple):
    _, built = hostile
    data = json.loads(exports["json"].read_text("utf-8"))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection"
    items = data["first"]["items"]
    assert data["total"] == len(items) == 7  # five annotations, two links
    by_id = {item["id"]: item for item in items}
    state = by_id[built.state.iri]
    assert state["target"]["source"].startswith("urn:sha256:")
    quote, position = state["target"]["selector"]
    assert quote == {
        "type": "TextQuoteSelector",
        "exact": STATE,
        "prefix": built.state.prefix,
        "suffix": built.state.suffix,
    }
    assert position == {
        "type": "TextPositionSelector",
        "start": built.state.start,
        "end": built.state.end,
    }
    assert [(b["purpose"], b["value"]) for b in state["body"]] == [
        ("tagging", "Contradiction"),
        ("tagging", "<em>Dubious</em> & co"),
        ("commenting", FORMULA_NOTE),
    ]
    link = by_id[built.contradicts.iri]
    assert link["motivation"] == "linking"
    assert link["target"] == built.state.iri
    assert link["body"] == [
        {"type": "SpecificResource", "source": built.defense.iri, "purpose": "linking"},
        {"type": "TextualBody", "purpose": "classifying", "value": "contradicts"},
        {
            "type": "TextualBody",
            "purpose": "commenting",
            "value": LINK_NOTE,
            "format": "text/plain",
        },
    ]
    signed = by_id[built.signed.iri]["target"]["selector"][1]
    assert (signed["start"], signed["end"]) == (built.signed.start, built.signed.end)


def run_checker(path: Path) -> subprocess.CompletedProcess[str]:
    if not CHECKER.is_file():
        pytest.skip("the W3C conformance checker is not beside the repository")
    return subprocess.run(
        [sys.executable, str(CHECKER), str(path), "--no-warnings"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_json_passes_the_w3c_checker(exports: dict[str, Path]):
    result = run_checker(exports["json"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1].endswith(" 0 failed")


# --------------------------------------------------------------------------
# Choosing what to export
# --------------------------------------------------------------------------


def test_filters_by_article_and_tag(hostile: tuple, tmp_path: Path):
    library, built = hostile
    why = library.article(built.state.article_id)
    by_iri = export_library(library, "csv", tmp_path / "a.csv", [why.iri], ["CONTRADICTION"])
    assert [row["annotation id"] for row in read_csv(by_iri)] == [built.state.iri]
    by_id = export_library(library, "csv", tmp_path / "b.csv", [str(why.id)])
    assert [row["annotation id"] for row in read_csv(by_id)] == [
        built.defense.iri,
        built.state.iri,
    ]
    # JSON keeps only the links whose both ends are exported.
    data = json.loads(export_library(library, "json", tmp_path / "c.json", [why.id]).read_text())
    ids = [item["id"] for item in data["first"]["items"]]
    assert ids == [built.defense.iri, built.state.iri, built.contradicts.iri]


def empty_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.mark.parametrize(
    ("fmt", "articles", "tags", "message"),
    [
        ("docx", (), (), "Unknown export format"),
        ("md", ("urn:sha256:nothing",), (), "There is no article"),
        ("md", (), ("Nope",), "There is no tag named 'Nope'"),
    ],
)
def test_bad_choices_are_clear_errors(
    hostile: tuple, tmp_path: Path, fmt: str, articles: tuple, tags: tuple, message: str
):
    library, _ = hostile
    folder = empty_folder(tmp_path)
    with pytest.raises(ExportError, match=message):
        export_library(library, fmt, folder / "out", articles, tags)
    assert list(folder.iterdir()) == []


# --------------------------------------------------------------------------
# Writing the file
# --------------------------------------------------------------------------


def test_unwritable_destinations_are_clear_errors_and_leave_nothing(hostile: tuple, tmp_path: Path):
    library, _ = hostile
    tmp_path = empty_folder(tmp_path)
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder", "utf-8")
    with pytest.raises(ExportError, match="is a file, not a folder"):
        export_library(library, "md", blocker / "out.md")
    with pytest.raises(ExportError, match="does not exist"):
        export_library(library, "md", tmp_path / "missing" / "out.md")
    with pytest.raises(ExportError, match="is a folder"):
        export_library(library, "md", tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]
    assert blocker.read_text("utf-8") == "not a folder"


def test_a_failed_write_keeps_the_old_file(
    hostile: tuple, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    library, _ = hostile
    tmp_path = empty_folder(tmp_path)
    target = tmp_path / "report.html"
    target.write_text("previous report", "utf-8")

    def full_disk(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(ExportError, match="No space left on device"):
        export_library(library, "html", target)
    monkeypatch.undo()
    assert target.read_text("utf-8") == "previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary file left
    written = export_library(library, "html", target)
    assert written == target and "<!DOCTYPE html>" in target.read_text("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_an_export_leaves_the_garbage_collector_running(library: Library, tmp_path: Path):
    """The window exports on a worker thread: an export must not switch Python's collector
    off for the whole program (the window included) while it works."""
    build(library)
    why = library.article(article_id(library, "This is why"))
    claim = library.tags()[0]
    for start in range(0, len(why.text) - 20, 8):  # a few hundred annotations
        library.add_annotation(why.id, start, start + 12, tag_ids=[claim.id], note="see")
    building = build_report.__code__
    during: list[str] = []

    def collecting(phase: str, info: dict[str, int]) -> None:
        frame = sys._getframe()
        while frame is not None and phase == "start":
            if frame.f_code is building:
                during.append(phase)
                return
            frame = frame.f_back

    assert gc.isenabled()
    gc.callbacks.append(collecting)
    try:
        for fmt in ("md", "html"):
            export_library(library, fmt, tmp_path / f"report.{fmt}")
    finally:
        gc.callbacks.remove(collecting)
    # Building a report of a few hundred annotations makes thousands of objects: enough
    # to set the collector off, unless it was switched off.
    assert during
    assert gc.isenabled()
