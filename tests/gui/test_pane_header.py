"""The pane header: site · author · date as text, and the address as a link to the browser."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from tests.gui.helpers import PaneFactory, urls_opened
from tests.helpers import TAGS, article
from xiaomi_reader.gui.article_pane import ArticlePane

HOSTILE_URL = 'https://news.example.org/xiaomi?id=7&lang=en#"><img src=x onerror=alert(1)>'


def shown_labels(pane: ArticlePane) -> list[str]:
    return [label.text() for label in pane.header.findChildren(QLabel) if label.isVisible()]


def click_link(qtbot: QtBot, label: QLabel) -> None:
    """Click the first characters of the label, where its link begins."""
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton, pos=QPoint(6, label.height() // 2))


def test_the_header_shows_site_author_date_and_opens_the_address_in_the_browser(
    make_pane: PaneFactory, qtbot: QtBot, tmp_path: Path
):
    pane = make_pane(900, 400)
    shown = dataclasses.replace(
        article(source="Example Wire"),
        site="Le Quotidien & Co",
        author="<b>Chloé</b> <img src='http://example.com/x.png'>",
        url=HOSTILE_URL,
    )

    pane.show_article(shown, [], TAGS)
    qtbot.waitUntil(lambda: pane.header.link.isVisible())
    pane.grab().save(str(tmp_path / "header.png"))

    meta, link = pane.header.meta, pane.header.link
    assert meta.text() == (
        "Le Quotidien & Co · <b>Chloé</b> <img src='http://example.com/x.png'> · 2021-01-15"
    )
    assert meta.textFormat() == Qt.TextFormat.PlainText  # the markup is shown, not obeyed
    assert link.toolTip() == HOSTILE_URL
    with urls_opened("http", "https") as opened:
        click_link(qtbot, link)
        qtbot.waitUntil(lambda: bool(opened))
    [url] = opened  # the address as stored, its markup characters only data
    assert url == QUrl(HOSTILE_URL) and url.host() == "news.example.org"
    assert url.fragment() == '"><img src=x onerror=alert(1)>'
    assert "<img" not in link.text().replace("&lt;img", "")  # no tag of its own in the link


def test_the_source_stands_in_for_the_site_and_only_web_addresses_are_links(
    make_pane: PaneFactory, qtbot: QtBot
):
    pane = make_pane(900, 400)
    pane.show_article(
        dataclasses.replace(article(source="Example Wire"), url="javascript:alert(1)"), [], TAGS
    )

    assert pane.header.meta.text() == "Example Wire · 2021-01-15"
    link = pane.header.link
    assert link.text() == "javascript:alert(1)" and link.textFormat() == Qt.TextFormat.PlainText
    with urls_opened("javascript", "http", "https") as opened:
        click_link(qtbot, link)
        qtbot.wait(50)  # no event to wait for: nothing may open
    assert opened == []

    pane.show_article(dataclasses.replace(article(source=None), url=None), [], TAGS)
    assert shown_labels(pane) == ["Xiaomi and the US blacklist", "2021-01-15"]


def test_a_long_address_never_holds_a_narrow_pane_open(make_pane: PaneFactory):
    pane = make_pane(900, 400)
    pane.show_article(article(), [], TAGS)
    plain = pane.header.minimumSizeHint().width()
    long_url = "https://news.example.org/" + "very-long-path-segment/" * 12 + "story.html"

    pane.show_article(dataclasses.replace(article(), url=long_url), [], TAGS)

    assert pane.header.minimumSizeHint().width() <= plain
    assert pane.header.link.toolTip() == long_url
