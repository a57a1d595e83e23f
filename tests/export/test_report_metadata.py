"""Under each article's title, every report shows its site, author, date and address,
escaped as its format needs: metadata comes from pages anyone can write."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from xiaomi_reader.core.articles import ParsedArticle
from xiaomi_reader.export import export_library
from xiaomi_reader.store.library import Library

SITE = "- Le <i>Quotidien</i> & Co"  # would start a Markdown list
AUTHOR = 'Chloé "<b>Martin</b>" *[x](javascript:alert(1))*'
URL = "https://news.example.org/monde/xiaomi?id=7&from=<rss>"
ARTICLE = ParsedArticle(
    text="Un juge a suspendu l'inscription de Xiaomi sur la liste du Pentagone.\n",
    title="Xiaomi quitte la liste",
    date="2021-05-12",
    source="Le Quotidien",
    url=URL,
    author=AUTHOR,
    site=SITE,
)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("metadata")
    with Library.open(folder / "library.sqlite3") as library:
        article = library.import_article(ARTICLE).article
        assert article is not None
        keys = [str(article.id)]
        return {
            fmt: export_library(library, fmt, folder / f"report.{fmt}", article_keys=keys)
            for fmt in ("md", "html", "pdf")
        }


def test_markdown_shows_the_metadata_escaped_on_one_line(reports: dict[str, Path]):
    lines = reports["md"].read_text("utf-8").splitlines()
    under = lines[lines.index("## Xiaomi quitte la liste") + 2]
    assert under == (
        r"\- Le \<i\>Quotidien\</i\> \& Co · "
        r'Chloé "\<b\>Martin\</b\>" \*\[x\](javascript:alert(1))\* · '
        r"2021-05-12 · https\://news.example.org/monde/xiaomi?id=7\&from=\<rss\>"
    )


class _Text(HTMLParser):
    """The text of each <p class="meta"> and every tag name used."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: list[str] = []
        self.tags: set[str] = set()
        self._in_meta = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self._in_meta = tag == "p" and ("class", "meta") in attrs
        if self._in_meta:
            self.meta.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_meta = False

    def handle_data(self, data: str) -> None:
        if self._in_meta:
            self.meta[-1] += data


def test_html_shows_the_metadata_as_text_never_as_markup(reports: dict[str, Path]):
    page = _Text()
    page.feed(reports["html"].read_text("utf-8"))
    assert page.meta == [f"{SITE} · {AUTHOR} · 2021-05-12 · {URL}"]
    assert not {"i", "b", "rss"} & page.tags


def test_pdf_shows_the_metadata_under_the_title(reports: dict[str, Path]):
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(reports["pdf"].read_bytes())
    try:
        text = " ".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()
    flat = " ".join(text.split())
    assert "Xiaomi quitte la liste" in flat
    assert f"{SITE} · {AUTHOR} · 2021-05-12" in flat
    assert "https://news.example.org/monde/xiaomi?id=7&from=<rss>" in flat.replace(" ", "")
