"""Reports of an updated article: "What changed" since its previous version (edits that touch
annotated passages first), and the annotations that wait for review in their own words."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.helpers import REPEATED, VERSION_1, version_file
from xiaomi_reader.core.articles import parse_article_file
from xiaomi_reader.export import export_library
from xiaomi_reader.store.library import Library

HOSTILE = "<script>alert(1)</script> [click](javascript:alert(1)) ![x](https://evil.example/x.png)"
# Version 2: "military" corrected inside an annotated passage, a hostile sentence in place of
# "Shares rose in Hong Kong.", the repeated sentence twice and its context gone (its annotation
# waits for review), and the paragraph of an annotation taken out (it is orphaned).
VERSION_2 = (
    VERSION_1.replace("by the military, a spokesman", "by the armed forces, a spokesman")
    .replace("The board met on Monday.", "Shares fell sharply.")
    .replace("Shares rose in Hong Kong.", f"{HOSTILE} Again: {REPEATED}")
    .replace("Prices rose sharply in March according to the ministry of finance.\n", "")
)
CHANGED = "not owned or controlled by the military"


@pytest.fixture
def updated(library: Library, tmp_path: Path) -> Library:
    [outcome] = library.import_article_files([version_file(tmp_path, "v1.md", VERSION_1)])
    assert outcome.article is not None
    article_id = outcome.article.id
    claim = next(t.id for t in library.tags() if t.name == "Claim")
    for quote, tags in ((CHANGED, [claim]), (REPEATED, []), ("Prices rose sharply", [])):
        start = VERSION_1.index(quote)
        library.add_annotation(article_id, start, start + len(quote), tag_ids=tags)
    library.add_version(article_id, parse_article_file(version_file(tmp_path, "v2.md", VERSION_2)))
    return library


def section(markdown: str, heading: str) -> str:
    """The text under a heading, up to the next heading of the same or a higher level."""
    level = heading.split(" ")[0]
    start = markdown.index(heading + "\n")
    end = re.compile(rf"^#{{1,{len(level)}}} ", re.M).search(markdown, start + len(heading))
    return markdown[start : end.start() if end else len(markdown)]


def test_markdown_lists_the_edits_touching_annotations_first_and_escapes_them(
    updated: Library, tmp_path: Path
):
    text = export_library(updated, "md", tmp_path / "r.md").read_text("utf-8")
    changed = section(text, "### What changed")
    assert "From version 1 to version 2: 4 edits; those that touch annotated passages" in changed
    edits = re.split(r"^#### ", changed, flags=re.M)[1:]
    assert [e.splitlines()[0] for e in edits] == [
        "Edit 1 (touches an annotated passage)",
        "Edit 2 (touches an annotated passage)",
        "Edit 3",
        "Edit 4",
    ]
    assert f"**Touches:** Claim: “{CHANGED}”" in edits[0]
    assert "**Before:** …owned or controlled by the ~~military,~~ a spokesman said." in edits[0]
    assert "**After:** …owned or controlled by the **armed forces,** a spokesman said." in edits[0]
    assert "Untagged: “Prices rose sharply”" in edits[1]
    # Each side's own words around the edit: version 2 says "armed forces" there.
    assert "…by the military, a spokesman said. ~~The board met on Monday.~~" in edits[2]
    assert "…the armed forces, a spokesman said. **Shares fell sharply.**" in edits[2]
    # The hostile words are shown, never run: no raw HTML, no link, no image.
    hostile = edits[3]
    assert "\\<script\\>alert(1)\\</script\\>" in hostile
    assert "\\[click\\](javascript:alert(1))" in hostile
    assert "\\!\\[x\\](https\\://evil.example/x.png)" in hostile
    assert "<script>" not in text
    assert not re.search(r"(?<!\\)\[(click|x)(?<!\\)\]", text)


def test_an_annotation_waiting_for_review_is_not_called_an_orphan(updated: Library, tmp_path: Path):
    text = export_library(updated, "md", tmp_path / "r.md").read_text("utf-8")
    review = section(text, "### Needs review")
    assert f"- needs review: “{REPEATED}” (on version 1), offered at “{REPEATED}”" in review
    orphans = section(text, "## Orphaned annotations")
    assert "Prices rose sharply" in orphans and REPEATED not in orphans
    # Counted with its article, not with the orphans.
    assert re.search(r"^\| Xiaomi and the list \|.*\| 2 \|$", text, re.M)
    assert re.search(r"^\| Orphaned annotations \|.*\| 1 \|$", text, re.M)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.struck: list[str] = []
        self.underlined: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in = tag if tag in ("s", "u") else self._in

    def handle_endtag(self, tag: str) -> None:
        self._in = None if tag == self._in else self._in

    def handle_data(self, data: str) -> None:
        if self._in == "s":
            self.struck.append(data)
        elif self._in == "u":
            self.underlined.append(data)


def test_html_strikes_what_went_underlines_what_came_and_runs_nothing(
    updated: Library, tmp_path: Path
):
    html = export_library(updated, "html", tmp_path / "r.html").read_text("utf-8")
    page = _Page()
    page.feed(html)
    assert "<h3>What changed</h3>" in html and "<h3>Needs review</h3>" in html
    assert page.struck[0] == "military," and page.underlined[0] == "armed forces,"
    assert any(HOSTILE in words for words in page.underlined)
    assert "script" not in page.tags and "img" not in page.tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.index("military,</s>") < html.index("&lt;script&gt;")  # annotated first


def test_pdf_has_the_same_sections(updated: Library, tmp_path: Path):
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(export_library(updated, "pdf", tmp_path / "r.pdf").read_bytes())
    try:
        text = " ".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()
    flat = " ".join(text.split())
    assert "What changed" in flat and "From version 1 to version 2: 4 edits" in flat
    assert f"needs review: “{REPEATED}” (on version 1), offered at" in flat
    assert "<script>alert(1)</script>" in flat.replace("\r", "")


def test_an_article_never_updated_has_no_what_changed(library: Library, tmp_path: Path):
    library.import_article_files([version_file(tmp_path, "v1.md", VERSION_1)])
    for fmt in ("md", "html"):
        text = export_library(library, fmt, tmp_path / f"r.{fmt}").read_text("utf-8")
        assert "What changed" not in text and "Needs review" not in text


def test_a_place_offered_on_an_earlier_update_is_not_shown_once_the_text_moved_on(
    updated: Library, tmp_path: Path
):
    # Version 3 puts a paragraph in front: the place offered in version 2 (code points of
    # version 2) would now cut unrelated words out of version 3.
    [article] = [a for a in updated.articles() if a.title == "Xiaomi and the list"]
    version_3 = "An editor's note was added at the top of the article.\n\n" + VERSION_2
    updated.add_version(article.id, parse_article_file(version_file(tmp_path, "v3.md", version_3)))
    text = export_library(updated, "md", tmp_path / "r.md").read_text("utf-8")
    review = section(text, "### Needs review")
    assert f"- needs review: “{REPEATED}” (on version 1), no place offered" in review
    assert "offered at" not in review


def test_the_words_of_an_edit_keep_their_spaces_from_the_words_beside_them(
    library: Library, tmp_path: Path
):
    [outcome] = library.import_article_files(
        [version_file(tmp_path, "v1.md", "The board met on Monday in Hong Kong.\n")]
    )
    assert outcome.article is not None
    v2 = version_file(tmp_path, "v2.md", "The board met in Hong Kong. Shares  rose.\n")
    library.add_version(outcome.article.id, parse_article_file(v2))

    markdown = export_library(library, "md", tmp_path / "r.md").read_text("utf-8")
    changed = section(markdown, "### What changed")
    assert "**Before:** …The board met ~~on Monday~~ in Hong Kong.…" in changed
    assert "**After:** …The board met in Hong Kong. **Shares rose.** …" in changed
    html = export_library(library, "html", tmp_path / "r.html").read_text("utf-8")
    shown = re.sub(r"<[^>]+>", "", html)
    assert "…The board met on Monday in Hong Kong.…" in shown
    assert "…The board met in Hong Kong. Shares rose. …" in shown
    assert "Mondayin" not in markdown + shown and "Kong.Shares" not in markdown + shown
