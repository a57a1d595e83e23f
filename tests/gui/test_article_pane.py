"""The article pane driven like a reader would: mouse, keys, menus, find and zoom."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QTextCharFormat, QTextCursor, QWheelEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMenu, QToolTip
from pytestqt.qtbot import QtBot

from tests.gui.helpers import background, looks_like, on_paper, tinted
from tests.gui.mouse import char_point, click_char, drag_select, u16
from tests.helpers import (
    CLAIM,
    CONTRADICTION,
    PLAIN,
    SOURCE,
    TAGS,
    annotation,
    article,
    long_text,
)
from xiaomi_reader.core import records
from xiaomi_reader.gui import highlight_layer
from xiaomi_reader.gui.article_pane import (
    EMPTY_HINT,
    HIGHLIGHT_ALPHA,
    MAX_POINT_SIZE,
    MIN_POINT_SIZE,
    ArticlePane,
)
from xiaomi_reader.gui.highlights import NEUTRAL_RGB, merge_windows, segments, segments_in_window

# An emoji and a flag (two code points, four UTF-16 units) before the phrase.
ASTRAL = (
    "Xiaomi 🙂 was added 🇺🇸 to a list by the US Department of Defense in January.\n\n"
    "Later the US Department of State was named instead, which is a mix-up.\n"
)
PHRASE = "Department of Defense"


def tag_button(pane: ArticlePane, name: str) -> QAbstractButton:
    found = [b for b in pane.tag_bar.buttons() if b.accessibleName() == f"Tag as {name}"]
    assert len(found) == 1
    return found[0]


# -- showing -------------------------------------------------------------------------


def visible_label_texts(pane: ArticlePane) -> set[str]:
    return {label.text() for label in pane.findChildren(QLabel) if label.isVisible()}


def test_empty_pane_shows_the_hint_until_an_article_arrives(pane: ArticlePane) -> None:
    assert pane.article_id is None
    assert EMPTY_HINT in visible_label_texts(pane)

    pane.show_article(article(), [], TAGS)

    assert pane.article_id == 1
    assert pane.text_view.isVisible()
    assert pane.text_view.toPlainText() == PLAIN
    assert pane.text_view.accessibleName() == "Article text: Xiaomi and the US blacklist"
    texts = visible_label_texts(pane)
    assert {"Xiaomi and the US blacklist", "Example News · 2021-01-15"} <= texts
    assert EMPTY_HINT not in texts

    pane.clear()
    assert pane.article_id is None
    assert EMPTY_HINT in visible_label_texts(pane)


def test_text_is_read_only_plain_and_never_loads_resources(pane: ArticlePane, qtbot: QtBot) -> None:
    pane.show_article(article("<b>not bold</b> <img src='http://example.com/x.png'>"), [], TAGS)
    view = pane.text_view

    qtbot.keyClicks(view, "typed")

    assert view.toPlainText() == "<b>not bold</b> <img src='http://example.com/x.png'>"
    assert view.isReadOnly()
    assert not view.document().isUndoRedoEnabled()
    assert view.loadResource(2, "http://example.com/x.png") is None


# -- tagging the selection -------------------------------------------------------------


@pytest.mark.parametrize("text", [PLAIN, ASTRAL], ids=["ascii", "emoji-and-flag"])
def test_mouse_selection_then_shortcut_tags_exact_code_points(
    pane: ArticlePane, qtbot: QtBot, text: str
) -> None:
    pane.show_article(article(text), [], TAGS)
    start = text.index(PHRASE)
    end = start + len(PHRASE)
    if text is ASTRAL:
        assert u16(text, start) == start + 3  # Qt really counts differently here

    drag_select(qtbot, pane, text, start, end)
    assert pane.text_view.textCursor().selectedText() == PHRASE
    with qtbot.waitSignal(pane.tagRequested, timeout=1000) as blocker:
        qtbot.keyClick(pane.text_view, Qt.Key.Key_1)

    assert blocker.args == [1, start, end, CLAIM]
    # The selection gives way to the highlight; the caret stays at the passage.
    assert pane.selected_range() is None
    assert pane.text_view.textCursor().position() == u16(text, start)


def test_keyboard_selection_then_shortcut_counts_emoji_and_flag_as_code_points(
    pane: ArticlePane, qtbot: QtBot
) -> None:
    pane.show_article(article(ASTRAL), [], TAGS)
    view = pane.text_view
    click_char(qtbot, pane, ASTRAL, ASTRAL.index("🙂"))  # caret lands before or after it
    view.moveCursor(QTextCursor.MoveOperation.StartOfLine)
    for _ in range(ASTRAL.index("🙂")):
        qtbot.keyClick(view, Qt.Key.Key_Right)
    # "🙂 was added 🇺🇸": the flag is one keystroke but two code points.
    for _ in range(len("🙂 was added ") + 1):
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)

    start = ASTRAL.index("🙂")
    end = ASTRAL.index("🇺🇸") + 2
    with qtbot.waitSignal(pane.tagRequested, timeout=1000) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_2)
    assert blocker.args == [1, start, end, CONTRADICTION]
    assert ASTRAL[start:end] == "🙂 was added 🇺🇸"


def test_shortcut_without_selection_does_nothing(pane: ArticlePane, qtbot: QtBot) -> None:
    pane.show_article(article(), [], TAGS)
    view = pane.text_view
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_Right)  # collapses the selection
    assert pane.selected_range() is None

    with qtbot.assertNotEmitted(pane.tagRequested, wait=50):
        qtbot.keyClick(view, Qt.Key.Key_1)
        qtbot.keyClick(view, Qt.Key.Key_2)


def test_floating_tag_bar_tags_and_hides(pane: ArticlePane, qtbot: QtBot) -> None:
    pane.show_article(article(ASTRAL), [], TAGS)
    start = ASTRAL.index(PHRASE)
    assert not pane.tag_bar.isVisible()

    drag_select(qtbot, pane, ASTRAL, start, start + len(PHRASE))
    assert pane.tag_bar.isVisible()
    assert pane.rect().contains(pane.tag_bar.geometry())
    button = tag_button(pane, "Claim")
    assert "1" in button.toolTip()
    with qtbot.waitSignal(pane.tagRequested, timeout=1000) as blocker:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    assert blocker.args == [1, start, start + len(PHRASE), CLAIM]
    assert not pane.tag_bar.isVisible()


def test_floating_tag_bar_hides_on_escape_and_empty_selection(
    pane: ArticlePane, qtbot: QtBot
) -> None:
    pane.show_article(article(), [], TAGS)
    start = PLAIN.index(PHRASE)
    drag_select(qtbot, pane, PLAIN, start, start + 10)
    assert pane.tag_bar.isVisible()
    qtbot.keyClick(pane.text_view, Qt.Key.Key_Escape)
    assert not pane.tag_bar.isVisible()

    click_char(qtbot, pane, PLAIN, 2)
    drag_select(qtbot, pane, PLAIN, start, start + 10)
    assert pane.tag_bar.isVisible()
    click_char(qtbot, pane, PLAIN, 2)  # a plain click clears the selection
    assert pane.selected_range() is None
    assert not pane.tag_bar.isVisible()


def test_context_menu_tags_selection_and_deletes_highlight(pane: ArticlePane, qtbot: QtBot) -> None:
    pane.show_article(article(), [annotation(7, 0, 6)], TAGS)
    inside = char_point(pane, 2)

    menu = pane.context_menu(inside)
    texts = [a.text() for a in menu.actions()]
    assert any("Copy" in t for t in texts) and any("Select All" in t for t in texts)
    claim = next(a for a in menu.actions() if a.text().startswith("Claim"))
    assert claim.text() == "Claim\t1"
    assert not claim.isEnabled()  # nothing selected yet
    assert not claim.icon().isNull()
    with qtbot.waitSignal(pane.deleteRequested, timeout=1000) as blocker:
        next(a for a in menu.actions() if a.text() == "Delete annotation").trigger()
    assert blocker.args == [[7]]

    pane.select_range(10, 20)
    menu = pane.context_menu(char_point(pane, 40))
    assert not any(a.text().startswith("Delete") for a in menu.actions())
    with qtbot.waitSignal(pane.tagRequested, timeout=1000) as blocker:
        next(a for a in menu.actions() if a.text() == "Source").trigger()
    assert blocker.args == [1, 10, 20, SOURCE]
    assert isinstance(menu, QMenu)


# -- highlights ------------------------------------------------------------------------


def test_overlapping_highlights_blend_and_underline(pane: ArticlePane) -> None:
    a = annotation(1, 4, 20, (CLAIM,))
    b = annotation(2, 12, 30, (CONTRADICTION,))
    untagged = annotation(3, 40, 45, ())
    orphan = annotation(4, 50, 55, state=records.AnnotationState.ORPHANED)
    pane.show_article(article(), [a, b, untagged, orphan], TAGS)

    only_a = pane.char_format_at(6)
    assert background(only_a) == tinted("#E8A317")
    assert only_a.underlineStyle() == QTextCharFormat.UnderlineStyle.NoUnderline

    both = pane.char_format_at(15)
    assert background(both) not in (None, tinted("#E8A317"), tinted("#D03030"))
    assert both.underlineStyle() != QTextCharFormat.UnderlineStyle.NoUnderline
    assert both.underlineColor() == QColor("#D03030")

    assert background(pane.char_format_at(25)) == tinted("#D03030")
    assert background(pane.char_format_at(42)) == QColor(*NEUTRAL_RGB, HIGHLIGHT_ALPHA)
    for outside in (0, 3, 20 + 10, 52, len(PLAIN) - 1):
        assert background(pane.char_format_at(outside)) is None, outside
    # The text colour is left to the palette.
    assert not both.hasProperty(QTextCharFormat.Property.ForegroundBrush)
    assert pane.annotation_ids_at(15) == [1, 2]
    assert pane.annotation_ids_at(52) == []


def test_changes_redraw_only_the_touched_range(
    pane: ArticlePane, monkeypatch: pytest.MonkeyPatch
) -> None:
    far = annotation(9, 120, 130, (SOURCE,))
    a = annotation(1, 4, 20, (CLAIM,))
    pane.show_article(article(), [a, far], TAGS)
    far_before = QTextCharFormat(pane.char_format_at(125))

    windows: list[tuple[int, int]] = []
    full: list[object] = []

    def spy_window(spans: object, lo: int, hi: int) -> object:
        windows.append((lo, hi))
        return segments_in_window(spans, lo, hi)  # type: ignore[arg-type]

    monkeypatch.setattr(highlight_layer, "segments_in_window", spy_window)
    monkeypatch.setattr(pane.highlights, "render_all", lambda: full.append(None))

    b = annotation(2, 12, 30, (CONTRADICTION,))
    pane.add_annotation(b)
    assert windows == [(12, 30)]
    assert pane.char_format_at(15).underlineStyle() != QTextCharFormat.UnderlineStyle.NoUnderline
    assert background(pane.char_format_at(25)) == tinted("#D03030")

    windows.clear()
    pane.update_annotation(annotation(2, 60, 70, (CONTRADICTION,)))
    assert windows == [(12, 30), (60, 70)]
    assert background(pane.char_format_at(15)) == tinted("#E8A317")
    assert background(pane.char_format_at(25)) is None
    assert background(pane.char_format_at(65)) == tinted("#D03030")

    windows.clear()
    pane.remove_annotation(1)
    assert windows == [(4, 20)]
    assert background(pane.char_format_at(15)) is None

    assert full == []  # never a full redraw for one change
    assert pane.char_format_at(125) == far_before


def test_set_tags_recolours_everything(pane: ArticlePane) -> None:
    pane.show_article(article(), [annotation(1, 4, 20), annotation(2, 100, 110)], TAGS)
    recoloured = {**TAGS, CLAIM: records.Tag(CLAIM, "Claim", "#00AA00", shortcut="9")}

    pane.set_tags(recoloured)

    assert background(pane.char_format_at(5)) == tinted("#00AA00")
    assert background(pane.char_format_at(105)) == tinted("#00AA00")
    assert tag_button(pane, "Claim").toolTip() == "Tag as Claim (9)"


def test_annotations_of_other_articles_are_ignored(pane: ArticlePane) -> None:
    pane.show_article(article(), [annotation(1, 4, 20, article_id=2)], TAGS)
    pane.add_annotation(annotation(2, 30, 40, article_id=2))
    assert background(pane.char_format_at(5)) is None
    assert background(pane.char_format_at(35)) is None


def test_click_in_highlight_activates_and_delete_asks_to_delete(
    pane: ArticlePane, qtbot: QtBot
) -> None:
    text = ASTRAL
    a_start = text.index("Department")
    a = annotation(1, a_start, a_start + len(PHRASE), (CLAIM,))
    b = annotation(2, text.index("Defense"), text.index(" in January"), (CONTRADICTION,))
    pane.show_article(article(text), [a, b], TAGS)

    with qtbot.waitSignal(pane.annotationsActivated, timeout=1000) as blocker:
        click_char(qtbot, pane, text, a_start + 2)
    assert blocker.args == [[1]]
    with qtbot.waitSignal(pane.annotationsActivated, timeout=1000) as blocker:
        click_char(qtbot, pane, text, text.index("Defense") + 3)
    assert blocker.args == [[1, 2]]

    with qtbot.waitSignal(pane.deleteRequested, timeout=1000) as blocker:
        qtbot.keyClick(pane.text_view, Qt.Key.Key_Delete)
    assert blocker.args == [[1, 2]]

    with qtbot.assertNotEmitted(pane.annotationsActivated, wait=50):
        click_char(qtbot, pane, text, 2)
    with qtbot.assertNotEmitted(pane.deleteRequested, wait=50):
        qtbot.keyClick(pane.text_view, Qt.Key.Key_Delete)


def test_tooltip_lists_tags_and_note_start(pane: ArticlePane) -> None:
    long_note = "The Pentagon, not the State Department, ran this list. " * 5
    pane.show_article(
        article(),
        [annotation(1, 4, 20, (CLAIM, SOURCE), note=long_note), annotation(2, 10, 30, ())],
        TAGS,
    )

    tip = pane.tooltip_text(12)

    first, second = tip.split("\n\n")
    assert first.startswith("Claim, Source\nThe Pentagon, not the State Department")
    assert first.endswith("…") and len(first.splitlines()[1]) <= 121
    assert second == "Untagged"
    assert pane.tooltip_text(60) == ""


# The offscreen platform cannot raise the tooltip window and says so.
@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_hovering_a_highlight_shows_its_tooltip(pane: ArticlePane, qtbot: QtBot) -> None:
    pane.show_article(article(), [annotation(1, 4, 20, note="Which <department>?")], TAGS)
    viewport = pane.text_view.viewport()
    pos = char_point(pane, 6)
    event = QHelpEvent(QEvent.Type.ToolTip, pos, viewport.mapToGlobal(pos))

    QApplication.sendEvent(viewport, event)

    qtbot.waitUntil(QToolTip.isVisible, timeout=1000)
    assert "Claim" in QToolTip.text() and "Which &lt;department&gt;?" in QToolTip.text()
    QToolTip.hideText()


def test_ctrl_wheel_zooms_through_the_pane(pane: ArticlePane, qtbot: QtBot) -> None:
    pane.show_article(article(), [], TAGS)
    viewport = pane.text_view.viewport()
    centre = QPointF(viewport.rect().center())
    wheel = QWheelEvent(
        centre,
        QPointF(viewport.mapToGlobal(centre.toPoint())),
        QPoint(),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    with qtbot.waitSignal(pane.zoomChanged, timeout=1000) as blocker:
        QApplication.sendEvent(viewport, wheel)
    assert blocker.args == [13]
    assert pane.point_size == 13


# -- zoom, find, scrolling ---------------------------------------------------------------


def test_zoom_changes_font_size_within_bounds(pane: ArticlePane, qtbot: QtBot) -> None:
    pane.show_article(article(), [], TAGS)
    base = pane.text_view.font().pointSize()
    with qtbot.waitSignal(pane.zoomChanged, timeout=1000) as blocker:
        pane.zoom_in()
    assert blocker.args == [base + 1]
    assert pane.text_view.font().pointSize() == base + 1

    for _ in range(100):
        pane.zoom_in()
    assert pane.text_view.font().pointSize() == MAX_POINT_SIZE
    for _ in range(100):
        pane.zoom_out()
    assert pane.text_view.font().pointSize() == MIN_POINT_SIZE
    pane.reset_zoom()
    assert pane.text_view.font().pointSize() == base == 12
    # Highlights carry no font of their own, so they follow the zoom.
    pane.update_annotation(annotation(1, 0, 5))
    assert not pane.char_format_at(1).hasProperty(QTextCharFormat.Property.FontPointSize)


def test_find_bar_finds_case_insensitively_wraps_and_reports_not_found(
    pane: ArticlePane, qtbot: QtBot
) -> None:
    text = "🙂 Defense first. Then defense again.\n\nFinally DEFENSE, and done.\n"
    pane.show_article(article(text), [], TAGS)
    pane.show_find_bar()
    field = pane.find_bar.line_edit
    assert pane.find_bar.isVisible()
    lowered = text.lower()
    hits = [i for i in range(len(text)) if lowered.startswith("defense", i)]
    assert len(hits) == 3

    qtbot.keyClicks(field, "defense")
    found = []
    for _ in range(4):
        qtbot.keyClick(field, Qt.Key.Key_Return)
        found.append(pane.selected_range())
    assert found == [(h, h + 7) for h in [*hits, hits[0]]]  # the fourth wraps around

    qtbot.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert pane.selected_range() == (hits[2], hits[2] + 7)  # previous wraps backwards
    assert not pane.find_bar.not_found

    field.clear()
    qtbot.keyClicks(field, "State Department")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert pane.find_bar.not_found
    assert pane.find_bar.status.text() == "Not found"

    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert not pane.find_bar.isVisible()
    assert not pane.find_bar.not_found


def test_scroll_to_annotation_centres_and_flashes(pane: ArticlePane, qtbot: QtBot) -> None:
    text = long_text()
    start = text.index("Paragraph 90:")
    pane.show_article(article(text), [annotation(5, start, start + 12)], TAGS)
    view = pane.text_view
    assert view.verticalScrollBar().value() == 0

    assert pane.scroll_to_annotation(5)

    cursor = QTextCursor(view.document())
    cursor.setPosition(u16(text, start))
    y = view.cursorRect(cursor).center().y()
    assert abs(y - view.viewport().height() // 2) < 40
    assert pane.flashing()
    qtbot.waitUntil(lambda: not pane.flashing(), timeout=2000)
    assert not pane.scroll_to_annotation(404)


def test_scroll_fraction_round_trip_and_scroll_hides_tag_bar(
    pane: ArticlePane, qtbot: QtBot
) -> None:
    text = long_text()
    pane.show_article(article(text), [], TAGS)
    drag_select(qtbot, pane, text, 0, 9)
    assert pane.tag_bar.isVisible()

    pane.set_scroll_fraction(0.5)

    assert pane.scroll_fraction() == pytest.approx(0.5, abs=0.01)
    assert not pane.tag_bar.isVisible()
    pane.set_scroll_fraction(7.0)
    assert pane.scroll_fraction() == 1.0


def test_focus_in_text_emits_focused(pane: ArticlePane, qtbot: QtBot) -> None:
    pane.show_article(article(), [], TAGS)
    pane.window().activateWindow()
    with qtbot.waitSignal(pane.focused, timeout=1000):
        pane.text_view.setFocus(Qt.FocusReason.MouseFocusReason)


# -- rendering ---------------------------------------------------------------------------


def test_overlapping_highlights_on_screen_show_their_tag_colours(pane: ArticlePane) -> None:
    """What a reader sees behind each passage: its tag's colour, and a blend where two meet."""
    text = PLAIN + long_text(6)
    claim = text.index("US Department of Defense")
    state = text.index("US Department of State")
    pane.show_article(
        article(text),
        [
            annotation(1, claim, claim + len("US Department of Defense"), (CLAIM,)),
            annotation(2, claim + 3, claim + 30, (CONTRADICTION,), note="Defense or State?"),
            annotation(3, state, state + len("US Department of State"), (CONTRADICTION,)),
            annotation(4, state + 3, state + 13, (SOURCE, CLAIM)),
            annotation(5, text.index("Paragraph 2"), text.index("Paragraph 2") + 40, ()),
        ],
        TAGS,
    )
    QApplication.processEvents()
    image = pane.grab().toImage()
    assert image.width() == pane.width()
    view = pane.text_view
    paper = view.viewport().palette().base().color()

    def behind(cp: int) -> QColor:
        """The colour at the top of the line, over the middle of the character at ``cp``:
        above the glyph, so only the highlight (or the paper) is there."""
        cursor = QTextCursor(view.document())
        cursor.setPosition(u16(text, cp))
        left = view.cursorRect(cursor)
        cursor.setPosition(u16(text, cp + 1))
        middle = QPoint((left.left() + view.cursorRect(cursor).left()) // 2, left.top() + 1)
        return image.pixelColor(view.viewport().mapTo(pane, middle))

    assert looks_like(behind(5), paper)
    claim_only, contradiction_only = behind(claim + 1), behind(state + 1)
    assert looks_like(claim_only, on_paper(TAGS[CLAIM].colour, paper)), claim_only.name()
    assert looks_like(contradiction_only, on_paper(TAGS[CONTRADICTION].colour, paper))
    overlap = behind(claim + 5)  # Claim and Contradiction: neither colour alone
    assert not looks_like(overlap, claim_only, 4) and not looks_like(overlap, contradiction_only, 4)
    untagged = behind(text.index("Paragraph 2") + 1)
    assert looks_like(untagged, on_paper(QColor(*NEUTRAL_RGB).name(), paper)), untagged.name()


def test_many_annotations_on_a_long_text_render(pane: ArticlePane) -> None:
    text = long_text(2800)[:200_000]
    rng = random.Random(7)
    many = []
    for ident in range(1, 5001):
        start = rng.randrange(0, len(text) - 200)
        tags = rng.choice([(CLAIM,), (CONTRADICTION,), (SOURCE, CLAIM), ()])
        many.append(annotation(ident, start, start + rng.randrange(3, 150), tags))

    pane.show_article(article(text), many, TAGS)

    probe = many[0]
    assert pane.annotation_ids_at(probe.start or 0)
    assert background(pane.char_format_at(probe.start or 0)) is not None


# -- the pure segment logic ---------------------------------------------------------------


def test_segments_split_where_the_covering_set_changes() -> None:
    spans = [(0, 10, 1), (5, 15, 2), (20, 25, 3), (7, 7, 4)]
    assert segments(spans) == [
        (0, 5, frozenset({1})),
        (5, 10, frozenset({1, 2})),
        (10, 15, frozenset({2})),
        (20, 25, frozenset({3})),
    ]
    assert segments_in_window(spans, 8, 22) == [
        (8, 10, frozenset({1, 2})),
        (10, 15, frozenset({2})),
        (20, 22, frozenset({3})),
    ]
    assert merge_windows([(10, 20), (0, 5), (5, 7), (30, 30)]) == [(0, 7), (10, 20)]


@pytest.mark.parametrize("seed", range(20))
def test_segments_agree_with_a_naive_count(seed: int) -> None:
    rng = random.Random(seed)
    spans = []
    for ident in range(rng.randrange(1, 30)):
        start = rng.randrange(0, 100)
        spans.append((start, start + rng.randrange(0, 30), ident))
    covering: Callable[[int], frozenset[int]] = lambda p: frozenset(  # noqa: E731
        i for s, e, i in spans if s <= p < e
    )
    drawn = {p: ids for s, e, ids in segments(spans) for p in range(s, e)}
    for p in range(140):
        assert drawn.get(p, frozenset()) == covering(p)
    lo, hi = 20, 60
    windowed = {p: ids for s, e, ids in segments_in_window(spans, lo, hi) for p in range(s, e)}
    assert all(lo <= p < hi for p in windowed)
    for p in range(lo, hi):
        assert windowed.get(p, frozenset()) == covering(p)


@settings(max_examples=150, deadline=None)
@given(
    spans=st.lists(
        st.tuples(st.integers(0, 200), st.integers(1, 40)).map(lambda t: (t[0], t[0] + t[1])),
        max_size=40,
    ),
    window=st.tuples(st.integers(0, 240), st.integers(1, 60)),
    removed=st.integers(0, 39),
)
def test_span_index_finds_exactly_the_overlapping_spans(spans, window, removed) -> None:
    from xiaomi_reader.gui.highlights import SpanIndex

    items = [(start, end, ident) for ident, (start, end) in enumerate(spans)]
    index = SpanIndex(items[: len(items) // 2])
    for item in items[len(items) // 2 :]:
        index.add(item)
    if items:
        index.remove(items[removed % len(items)])
        items.remove(items[removed % len(items)])
    lo, hi = window[0], window[0] + window[1]
    expected = sorted(s for s in items if s[0] < hi and s[1] > lo)
    assert sorted(index.overlapping(lo, hi)) == expected
