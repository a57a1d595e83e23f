"""Highlights drawn lazily: the screen at once, the rest when idle or scrolled to.

Whatever path draws a character (opening, idle time, scrolling, painting, a query), the
document must end up holding exactly the format the pane reports for it; these tests
read the document directly, so they see what is drawn, not what would be.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QAbstractSlider
from pytestqt.qtbot import QtBot

from tests.gui.helpers import PaneFactory, background
from tests.helpers import CLAIM, CONTRADICTION, SOURCE, TAGS, annotation, article, long_text
from xiaomi_reader.core import records
from xiaomi_reader.core.anchoring import OffsetMap
from xiaomi_reader.gui.article_pane import MIN_POINT_SIZE, ArticlePane
from xiaomi_reader.gui.highlight_layer import HighlightLayer
from xiaomi_reader.gui.highlights import PendingRanges

TAG_CHOICES: list[tuple[int, ...]] = [(CLAIM,), (CONTRADICTION,), (SOURCE, CLAIM), ()]


def heavy(paragraphs: int = 300, count: int = 600, seed: int = 5) -> tuple[str, list]:
    """A long text (with an emoji per paragraph) and many overlapping highlights."""
    text = long_text(paragraphs)
    rng = random.Random(seed)
    many = []
    for ident in range(1, count + 1):
        start = rng.randrange(0, len(text) - 130)
        end = start + rng.randrange(3, 120)
        many.append(annotation(ident, start, end, rng.choice(TAG_CHOICES)))
    return text, many


@pytest.fixture
def idle_blocked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Panes made after this never draw in idle time: only scrolling, painting, queries."""
    monkeypatch.setattr(HighlightLayer, "_draw_pending_while_idle", lambda self: None)


def drawn(pane: ArticlePane, text: str, cp: int) -> QTextCharFormat:
    """The format the document holds for code point ``cp``, drawing nothing first."""
    cursor = QTextCursor(pane.text_view.document())
    cursor.setPosition(OffsetMap(text).to_utf16(cp + 1))
    return cursor.charFormat()


def reference(
    qtbot: QtBot,
    text: str,
    annotations: Sequence[records.Annotation],
    cps: Sequence[int],
    tags: dict[int, records.Tag] = TAGS,
) -> dict[int, QTextCharFormat]:
    """What each character must look like, asked of a pane that is never shown."""
    pane = ArticlePane()
    qtbot.addWidget(pane)
    pane.show_article(article(text), annotations, tags)
    expected = {cp: QTextCharFormat(pane.char_format_at(cp)) for cp in cps}
    pane.deleteLater()
    return expected


def mismatches(pane: ArticlePane, text: str, expected: dict[int, QTextCharFormat]) -> list[int]:
    return [cp for cp, fmt in expected.items() if drawn(pane, text, cp) != fmt]


def show_heavy(
    make_pane: PaneFactory, paragraphs: int = 300, count: int = 600
) -> tuple[ArticlePane, str, list]:
    """A new pane showing a heavily annotated article (drawing of the rest still pending)."""
    text, many = heavy(paragraphs=paragraphs, count=count)
    pane = make_pane()
    pane.show_article(article(text), many, TAGS)
    return pane, text, many


def last_visible_cp(pane: ArticlePane, text: str) -> int:
    view = pane.text_view
    bottom = view.cursorForPosition(QPoint(30, view.viewport().height() - 2)).position()
    return OffsetMap(text).to_codepoint(bottom)


def first_visible_cp(pane: ArticlePane, text: str) -> int:
    top = pane.text_view.cursorForPosition(QPoint(30, 2)).position()
    return OffsetMap(text).to_codepoint(top)


def covered(annotations: Sequence[records.Annotation], lo: int, hi: int) -> list[int]:
    return sorted(
        {p for a in annotations for p in range(max(a.start, lo), min(a.end, hi))}  # type: ignore[arg-type]
    )


# -- opening ----------------------------------------------------------------------------


def test_opening_draws_the_screen_at_once_and_the_rest_when_idle(
    make_pane: PaneFactory, qtbot: QtBot
) -> None:
    text, many = heavy(paragraphs=150, count=300)
    expected = reference(qtbot, text, many, range(len(text)))
    pane = make_pane()

    pane.show_article(article(text), many, TAGS)

    on_screen = range(0, last_visible_cp(pane, text))
    assert len(on_screen) > 500
    assert mismatches(pane, text, {cp: expected[cp] for cp in on_screen}) == []
    # The end waits for idle time: drawing it at once is what made opening slow.
    end = covered(many, len(text) - 2000, len(text))
    assert any(background(drawn(pane, text, cp)) is None for cp in end)

    qtbot.waitUntil(lambda: not mismatches(pane, text, {cp: expected[cp] for cp in end}))
    assert mismatches(pane, text, expected) == []


def test_a_change_while_qt_still_lays_out_keeps_the_whole_text_laid_out(
    make_pane: PaneFactory, qtbot: QtBot
) -> None:
    text = long_text(600)
    pane = make_pane(1400, 1000)  # a size where Qt would not lay the rest out by itself
    pane.set_point_size(MIN_POINT_SIZE)
    pane.show_article(article(text), [], TAGS)  # nothing drawn while loading
    doc = pane.text_view.document()
    layout = doc.documentLayout()

    pane.add_annotation(annotation(1, 10, 40, (SOURCE,)))  # at once, before any event
    qtbot.wait(100)

    last = layout.blockBoundingRect(doc.lastBlock())
    before = layout.blockBoundingRect(doc.lastBlock().previous())
    assert last.height() > 0 and last.top() >= before.bottom() > 5_000


# -- scrolling and painting -------------------------------------------------------------


@pytest.mark.usefixtures("idle_blocked")
def test_scrolling_to_the_end_with_the_scroll_bar_draws_the_end(
    make_pane: PaneFactory, qtbot: QtBot
) -> None:
    pane, text, many = show_heavy(make_pane)
    bar = pane.text_view.verticalScrollBar()
    qtbot.wait(100)  # Qt finishes its lazy layout: the scroll range is final

    bar.triggerAction(QAbstractSlider.SliderAction.SliderToMaximum)

    assert bar.value() == bar.maximum() > 0
    lo, hi = first_visible_cp(pane, text), len(text)
    assert hi - lo > 500
    expected = reference(qtbot, text, many, range(lo, hi))
    assert mismatches(pane, text, expected) == []
    assert any(background(fmt) is not None for fmt in expected.values())
    middle = covered(many, len(text) // 2, len(text) // 2 + 500)
    assert all(background(drawn(pane, text, cp)) is None for cp in middle)  # not yet


@pytest.mark.usefixtures("idle_blocked")
def test_scrolling_before_the_layout_is_final_still_draws_what_ends_up_on_screen(
    make_pane: PaneFactory, qtbot: QtBot
) -> None:
    pane, text, many = show_heavy(make_pane)
    bar = pane.text_view.verticalScrollBar()

    bar.setValue(bar.maximum())  # the range is still Qt's estimate here
    qtbot.wait(100)
    pane.grab()  # painted as the user would see it

    lo, hi = first_visible_cp(pane, text), last_visible_cp(pane, text)
    assert hi - lo > 500
    assert mismatches(pane, text, reference(qtbot, text, many, range(lo, hi))) == []


@pytest.mark.usefixtures("idle_blocked")
def test_zooming_out_and_growing_draw_whatever_comes_into_view(
    make_pane: PaneFactory, qtbot: QtBot
) -> None:
    pane, text, many = show_heavy(make_pane)
    shown_before = last_visible_cp(pane, text)

    pane.set_point_size(MIN_POINT_SIZE)
    pane.window().resize(900, 1400)
    pane.resize(900, 1400)
    pane.grab()

    shown = last_visible_cp(pane, text)
    assert shown > 2 * shown_before
    assert mismatches(pane, text, reference(qtbot, text, many, range(shown))) == []


@pytest.mark.usefixtures("idle_blocked")
def test_scroll_to_annotation_and_find_draw_the_passage_they_show(
    make_pane: PaneFactory, qtbot: QtBot
) -> None:
    pane, text, many = show_heavy(make_pane)
    target = max(many, key=lambda a: a.start or 0)

    assert pane.scroll_to_annotation(target.id, flash=False)

    passage = range(target.start or 0, target.end or 0)
    assert mismatches(pane, text, reference(qtbot, text, many, passage)) == []
    assert pane.passage_rect(target.id) is not None

    pane.set_scroll_fraction(0.0)
    assert pane.find_text("Paragraph 250:")
    lo, hi = first_visible_cp(pane, text), last_visible_cp(pane, text)
    assert lo <= text.index("Paragraph 250:") < hi
    assert mismatches(pane, text, reference(qtbot, text, many, range(lo, hi))) == []


# -- changes and queries while drawing is pending ---------------------------------------


def test_changes_while_highlights_are_pending_end_up_drawn_as_they_are_now(
    make_pane: PaneFactory, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    pane, text, many = show_heavy(make_pane, paragraphs=150, count=300)
    far = sorted(many, key=lambda a: a.start or 0)[-3:]

    # All before an event is processed, so the far end is still undrawn.
    moved = annotation(far[0].id, 200, 260, (SOURCE,))
    pane.update_annotation(moved)
    pane.remove_annotation(far[1].id)
    added = annotation(9_999, len(text) - 90, len(text) - 20, (CONTRADICTION, SOURCE))
    pane.add_annotation(added)
    recoloured = dict(TAGS)
    recoloured[CLAIM] = records.Tag(CLAIM, "Claim", "#00AA00", shortcut="1")
    pane.set_tags(recoloured)

    now = [moved if a.id == moved.id else a for a in many if a.id != far[1].id] + [added]
    expected = reference(qtbot, text, now, range(len(text)), tags=recoloured)
    # Idle drawing takes longer on a loaded machine: wait generously, it ends when drawn.
    qtbot.waitUntil(lambda: not mismatches(pane, text, expected), timeout=20_000)
    assert pane.annotation_ids_at(len(text) - 50) == [9_999]


@pytest.mark.usefixtures("idle_blocked")
def test_queries_answer_as_drawn_even_where_nothing_is_drawn_yet(
    make_pane: PaneFactory, qtbot: QtBot
) -> None:
    pane, text, many = show_heavy(make_pane)
    probe = max(many, key=lambda a: a.start or 0)
    cp = probe.start or 0
    assert background(drawn(pane, text, cp)) is None  # far down: not drawn yet

    fmt = pane.char_format_at(cp)

    assert fmt == reference(qtbot, text, many, [cp])[cp]
    assert background(fmt) is not None or probe.tag_ids == ()
    assert drawn(pane, text, cp) == fmt  # and now it is in the document too
    assert probe.id in pane.annotation_ids_at(cp)
    assert pane.tooltip_text(cp)


@pytest.mark.usefixtures("idle_blocked")
def test_opening_another_article_while_the_first_is_pending(
    make_pane: PaneFactory, qtbot: QtBot
) -> None:
    pane, _, _ = show_heavy(make_pane)
    pane.set_scroll_fraction(1.0)
    short = long_text(30)
    one = annotation(1, 5, 25, (CONTRADICTION,))

    pane.show_article(article(short, article_id=2), [annotation(1, 5, 25, article_id=2)], TAGS)
    pane.show_article(article(short), [one], TAGS)

    assert pane.text_view.verticalScrollBar().value() == 0
    assert mismatches(pane, short, reference(qtbot, short, [one], range(len(short)))) == []


# -- the pending ranges ------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    lo=st.integers(0, 50),
    hi=st.integers(50, 120),
    takes=st.lists(st.tuples(st.integers(-5, 125), st.integers(0, 30)), max_size=12),
)
def test_pending_ranges_hand_out_each_position_once(lo, hi, takes) -> None:
    pending = PendingRanges()
    pending.reset(lo, hi)
    left = set(range(lo, hi))
    for start, length in takes:
        taken = pending.take(start, start + length)
        positions = [p for a, b in taken for p in range(a, b)]
        assert positions == sorted(left & set(range(start, start + length)))
        assert all(a < b for a, b in taken)
        left -= set(positions)
        assert bool(pending) == bool(left)
    first = pending.first()
    assert (first is None) == (not left)
    if first is not None:
        assert first[0] == min(left)
    assert [p for a, b in pending.take(-10, 200) for p in range(a, b)] == sorted(left)
    assert not pending
