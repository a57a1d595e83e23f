"""Tests for xiaomi_reader.core.anchoring: selectors, re-anchoring and UTF-16 offsets."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiaomi_reader.core.anchoring import (
    CONTEXT_CHARS,
    Anchor,
    AnchorMethod,
    OffsetMap,
    Selector,
    build_selector,
    codepoint_to_utf16,
    resolve,
    resolve_selector,
    utf16_length,
    utf16_to_codepoint,
)

PROPERTY_SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# Hand-picked characters that stress offsets: astral emoji (incl. a skin-tone
# modifier), a combining acute accent, CJK, Hebrew, Arabic and an RTL mark.
# The small alphabet also makes repeated quotes, and so ambiguity, common.
TRICKY = [
    "a", "b", " ", ".",
    "🙂", "👍", "\U0001f3fd", "\U0001d11e",
    "\u0301", "中", "文",
    "א", "ש", "ع", "ب", "\u200f",
]  # fmt: skip

# Well-formed text (no lone surrogates), so that UTF-16 encoding is defined.
chars = st.sampled_from(TRICKY) | st.characters(codec="utf-8")
texts = st.text(alphabet=chars, max_size=60)
# Any Python str, lone surrogates included, for the never-raises properties.
any_text = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(), max_size=40)
positions = st.none() | st.integers() | st.integers(min_value=-3, max_value=70)


def reference_utf16(text: str, cp: int) -> int:
    return len(text[:cp].encode("utf-16-le")) // 2


def occurrences(text: str, exact: str) -> int:
    """Occurrences including overlapping ones (str.count skips those)."""
    return sum(text.startswith(exact, i) for i in range(len(text)))


# --------------------------------------------------------------------------
# Code points <-> UTF-16
# --------------------------------------------------------------------------


def test_emoji_shifts_qt_position_by_one():
    text = "🙂 top story target"
    assert text.find("target") == 12
    offsets = OffsetMap(text)
    assert offsets.to_utf16(12) == 13
    assert offsets.to_codepoint(13) == 12
    assert codepoint_to_utf16(text, 12) == 13
    assert utf16_to_codepoint(text, 13) == 12
    assert offsets.utf16_length == len(text) + 1 == utf16_length(text)


def test_position_inside_surrogate_pair_rounds_down():
    text = "ab🙂cd"  # the emoji occupies UTF-16 units 2 and 3
    offsets = OffsetMap(text)
    assert offsets.to_codepoint(2) == 2
    assert offsets.to_codepoint(3) == 2  # between the two halves
    assert offsets.to_codepoint(4) == 3
    assert offsets.to_utf16(3) == 4


def test_consecutive_astral_characters():
    text = "🙂👍\U0001d11e"
    offsets = OffsetMap(text)
    assert [offsets.to_utf16(i) for i in range(4)] == [0, 2, 4, 6]
    assert [offsets.to_codepoint(u) for u in range(7)] == [0, 0, 1, 1, 2, 2, 3]


def test_bmp_only_text_is_identity():
    for text in ("plain ASCII text", "中文 עברית عربي é\u0301", ""):
        offsets = OffsetMap(text)
        assert offsets.utf16_length == len(text)
        for i in range(len(text) + 1):
            assert offsets.to_utf16(i) == i
            assert offsets.to_codepoint(i) == i


def test_lone_surrogate_counts_as_one_unit():
    # Qt also stores an unpaired surrogate as a single code unit.
    offsets = OffsetMap("a\ud800b")
    assert offsets.utf16_length == 3
    assert offsets.to_utf16(2) == 2


@pytest.mark.parametrize("bad", [-1, 7])
def test_to_utf16_out_of_range(bad: int):
    with pytest.raises(ValueError):
        OffsetMap("ab🙂cd").to_utf16(bad)


@pytest.mark.parametrize("bad", [-1, 7])
def test_to_codepoint_out_of_range(bad: int):
    with pytest.raises(ValueError):
        OffsetMap("ab🙂cd").to_codepoint(bad)  # UTF-16 length is 6


@PROPERTY_SETTINGS
@given(texts)
def test_offset_map_matches_utf16_encoding_and_round_trips(text: str):
    offsets = OffsetMap(text)
    assert offsets.utf16_length == len(text.encode("utf-16-le")) // 2 == utf16_length(text)
    for i in range(len(text) + 1):
        u16 = offsets.to_utf16(i)
        assert u16 == reference_utf16(text, i)
        assert offsets.to_codepoint(u16) == i


@PROPERTY_SETTINGS
@given(texts)
def test_to_codepoint_rounds_down_by_at_most_one_unit(text: str):
    offsets = OffsetMap(text)
    for u16 in range(offsets.utf16_length + 1):
        back = offsets.to_utf16(offsets.to_codepoint(u16))
        assert u16 - 1 <= back <= u16


# --------------------------------------------------------------------------
# build_selector
# --------------------------------------------------------------------------


def test_build_selector_takes_context_on_both_sides():
    text = "x" * 40 + "QUOTE" + "y" * 40
    sel = build_selector(text, 40, 45)
    assert sel == Selector(40, 45, "QUOTE", "x" * CONTEXT_CHARS, "y" * CONTEXT_CHARS)


def test_build_selector_clips_context_at_text_ends():
    text = "abc QUOTE de"
    sel = build_selector(text, 4, 9)
    assert (sel.exact, sel.prefix, sel.suffix) == ("QUOTE", "abc ", " de")
    whole = build_selector(text, 0, len(text))
    assert (whole.prefix, whole.suffix) == ("", "")
    long_text = "abc QUOTE " + "z" * 50
    assert build_selector(long_text, 4, 9).prefix == "abc "
    assert build_selector(long_text, 55, 58).suffix == "zz"


def test_build_selector_custom_context_counts_code_points():
    text = "🙂🙂🙂 hi 👍👍👍"
    sel = build_selector(text, 4, 6, context=2)
    assert (sel.prefix, sel.exact, sel.suffix) == ("🙂 ", "hi", " 👍")


@pytest.mark.parametrize(("start", "end"), [(3, 3), (4, 3), (-1, 2), (0, 13), (13, 14)])
def test_build_selector_rejects_empty_or_out_of_range(start: int, end: int):
    with pytest.raises(ValueError):
        build_selector("abc QUOTE de", start, end)


def test_build_selector_rejects_negative_context():
    with pytest.raises(ValueError):
        build_selector("abc", 0, 1, context=-1)


# --------------------------------------------------------------------------
# resolve: fixed examples
# --------------------------------------------------------------------------


def test_resolve_position_hit():
    text = "The minister resigned on Friday."
    assert resolve(text, "resigned", 13, 21) == Anchor(13, 21, AnchorMethod.POSITION)


def test_resolve_after_insertion_before_passage_finds_quote():
    old = "The minister resigned on Friday."
    sel = build_selector(old, 13, 21)
    new = "BREAKING: " + old
    assert resolve_selector(new, sel) == Anchor(23, 31, AnchorMethod.QUOTE)


def test_resolve_after_emoji_insertion_uses_code_points():
    old = "The minister resigned on Friday."
    sel = build_selector(old, 13, 21)
    new = "🙂🙂 " + old
    anchor = resolve_selector(new, sel)
    assert anchor == Anchor(16, 24, AnchorMethod.QUOTE)
    assert new[anchor.start : anchor.end] == "resigned"


def test_resolve_repeated_quote_by_prefix():
    text = "red apple, green apple, blue apple"
    assert resolve(text, "apple", prefix="green ") == Anchor(17, 22, AnchorMethod.QUOTE)


def test_resolve_prefix_is_compared_from_its_end():
    # The stored prefix was "a nice green "; "a nice " has since been edited away,
    # so only its tail still matches, and only before the second apple.
    text = "yellow apple and green apple"
    assert resolve(text, "apple", prefix="a nice green ") == Anchor(23, 28, AnchorMethod.QUOTE)


def test_resolve_suffix_is_compared_from_its_start():
    # The stored suffix was " tart, pie"; only its head still follows the second apple.
    text = "apple juice, apple tart and pie"
    assert resolve(text, "apple", suffix=" tart, pie") == Anchor(13, 18, AnchorMethod.QUOTE)


def test_resolve_repeated_quote_by_suffix():
    text = "apple pie and apple juice and apple tart"
    assert resolve(text, "apple", suffix=" juice") == Anchor(14, 19, AnchorMethod.QUOTE)


def test_resolve_repeated_quote_by_hint_nearness():
    text = "apple xx apple yyyyy apple"
    # Stale stored position 13..18 no longer holds the quote; 9 is nearest.
    assert resolve(text, "apple", 13, 18) == Anchor(9, 14, AnchorMethod.QUOTE)
    assert resolve(text, "apple", 19, 24) == Anchor(21, 26, AnchorMethod.QUOTE)


def test_resolve_context_outranks_hint_nearness():
    text = "apple pie and apple juice and apple tart"
    anchor = resolve(text, "apple", 28, 33, suffix=" pie")
    assert anchor == Anchor(0, 5, AnchorMethod.QUOTE)


def test_resolve_truly_ambiguous_is_none():
    text = "the cat sat. the cat sat."
    assert resolve(text, "cat") is None
    assert resolve(text, "cat", prefix="the ", suffix=" sat.") is None


def test_resolve_equidistant_hint_is_ambiguous():
    text = "cat.x.cat"  # copies at 0 and 6
    assert resolve(text, "cat", 3, 6) is None  # both exactly 3 away
    assert resolve(text, "cat", 2, 5) == Anchor(0, 3, AnchorMethod.QUOTE)


def test_resolve_quote_gone_is_none():
    text = "The minister stayed on."
    assert resolve(text, "resigned", 13, 21, prefix="minister ", suffix=" on") is None


def test_resolve_empty_quote_is_none():
    assert resolve("abc", "", 1, 1) is None
    assert resolve("abc", "") is None


def test_resolve_single_occurrence_accepted_despite_unmatched_context():
    text = "completely different surroundings: resigned, and more text"
    anchor = resolve(text, "resigned", prefix="The minister ", suffix=" on Friday")
    assert anchor == Anchor(35, 43, AnchorMethod.QUOTE)


def test_resolve_overlapping_occurrences():
    assert resolve("aaa", "aa", prefix="a") == Anchor(1, 3, AnchorMethod.QUOTE)
    assert resolve("aaa", "aa", suffix="a") == Anchor(0, 2, AnchorMethod.QUOTE)


def test_resolve_negative_position_is_not_python_slice():
    # text[-3:-1] == "ab" in Python, but negative offsets are never a position.
    assert resolve("xab.", "ab", -3, -1) == Anchor(1, 3, AnchorMethod.QUOTE)


# Excerpt of the bundled article "This is why Xiaomi is blacklisted in the United
# States": "US Department of Defense" twice, "Ministry of Defense" in between and
# "US Department of State" once.
ARTICLE = (
    "We later informed that the Chinese manufacturer was blacklisted, but it is not as "
    "serious as in the case of Huawei. Customers don’t have to worry. This is a document "
    "created by the US Department of Defense. Quite a number of other companies also "
    "passed through this list, and it did not have any significant impact on their "
    "existence. It is the Ministry of Defense that suspects that Xiaomi is communicating "
    "more closely with the Chinese military and could be a potential danger to the "
    "United States.\n\n"
    "The Chinese company filed a lawsuit against the US Department of Defense in "
    "connection with the blacklisting. Its exact wording is not known.\n\n"
    "Do you think the US Department of State has taken the right step?"
)


def test_resolve_article_defense_second_occurrence_by_prefix():
    first = ARTICLE.find("US Department of Defense") + len("US Department of ")
    second = ARTICLE.find("US Department of Defense", first) + len("US Department of ")
    assert ARTICLE.count("US Department of Defense") == 2
    assert ARTICLE.count("US Department of State") == 1
    assert ARTICLE.count("Defense") == 3  # plus "Ministry of Defense"
    sel = build_selector(ARTICLE, second, second + len("Defense"))

    # Without context or position the occurrences are indistinguishable.
    assert resolve(ARTICLE, "Defense") is None
    # The prefix alone ("...a lawsuit against the US Department of ") picks the second.
    anchor = resolve(ARTICLE, "Defense", prefix=sel.prefix)
    assert anchor == Anchor(second, second + 7, AnchorMethod.QUOTE)
    # A stale position pointing next to the first one does not mislead it.
    anchor = resolve(ARTICLE, "Defense", first + 1, first + 8, prefix=sel.prefix)
    assert anchor == Anchor(second, second + 7, AnchorMethod.QUOTE)
    # The first one's own prefix still finds the first.
    first_sel = build_selector(ARTICLE, first, first + 7)
    assert resolve(ARTICLE, "Defense", prefix=first_sel.prefix).start == first

    # After edits before the passage, the stored selector lands on the second one.
    edited = "🙂 Updated. " + ARTICLE.replace("Customers don’t", "Customers do not")
    anchor = resolve_selector(edited, sel)
    expected = edited.find("lawsuit against the US Department of Defense") + len(
        "lawsuit against the US Department of "
    )
    assert anchor == Anchor(expected, expected + 7, AnchorMethod.QUOTE)
    assert OffsetMap(edited).to_utf16(anchor.start) == expected + 1


# --------------------------------------------------------------------------
# resolve: properties
# --------------------------------------------------------------------------


@st.composite
def text_and_range(draw: st.DrawFn) -> tuple[str, int, int]:
    text = draw(texts.filter(bool))
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    return text, start, end


@PROPERTY_SETTINGS
@given(text_and_range())
def test_build_then_resolve_round_trips(case: tuple[str, int, int]):
    text, start, end = case
    sel = build_selector(text, start, end)
    assert sel.exact == text[start:end]
    assert text[:start].endswith(sel.prefix) and len(sel.prefix) == min(start, CONTEXT_CHARS)
    assert text[end:].startswith(sel.suffix)
    assert len(sel.suffix) == min(len(text) - end, CONTEXT_CHARS)
    assert resolve_selector(text, sel) == Anchor(start, end, AnchorMethod.POSITION)


@PROPERTY_SETTINGS
@given(text_and_range(), st.data())
def test_resolve_after_insertion_never_returns_a_wrong_range(
    case: tuple[str, int, int], data: st.DataObject
):
    text, start, end = case
    sel = build_selector(text, start, end)
    at = data.draw(st.integers(0, len(text)), label="insert at")
    inserted = data.draw(texts, label="inserted")
    new = text[:at] + inserted + text[at:]

    anchor = resolve_selector(new, sel)

    if anchor is not None:
        assert new[anchor.start : anchor.end] == sel.exact
    if at >= end:
        # Edits after the passage leave its position valid.
        assert anchor == Anchor(start, end, AnchorMethod.POSITION)
    elif at <= start and inserted and occurrences(new, sel.exact) == 1:
        # A unique quote shifted by the insertion is found where it moved to.
        shift = len(inserted)
        assert anchor == Anchor(start + shift, end + shift, AnchorMethod.QUOTE)


@PROPERTY_SETTINGS
@given(any_text, any_text, positions, positions, any_text, any_text)
def test_resolve_never_raises(
    text: str, exact: str, start: int | None, end: int | None, prefix: str, suffix: str
):
    anchor = resolve(text, exact, start, end, prefix, suffix)
    if anchor is not None:
        assert text[anchor.start : anchor.end] == exact
        assert anchor.method in (AnchorMethod.POSITION, AnchorMethod.QUOTE)


@PROPERTY_SETTINGS
@given(text_and_range(), positions, positions)
def test_resolve_quote_from_text_with_arbitrary_positions(
    case: tuple[str, int, int], start: int | None, end: int | None
):
    text, qs, qe = case
    exact = text[qs:qe]
    anchor = resolve(text, exact, start, end)
    if anchor is not None:
        assert text[anchor.start : anchor.end] == exact
    if occurrences(text, exact) == 1:
        # With a unique quote, no stale or absurd position can lose it.
        assert anchor is not None and anchor.start == qs
