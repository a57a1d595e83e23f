"""Contrast rules over any colour: highlight text reads at 4.5:1, lines stand out 3:1."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from xiaomi_reader.gui.contrast import (
    GRAPHIC_CONTRAST,
    TEXT_CONTRAST,
    composite,
    contrast_ratio,
    readable_wash,
    relative_luminance,
    toward_contrast,
)
from xiaomi_reader.gui.highlight_layer import HIGHLIGHT_ALPHA

rgbs = st.tuples(*(st.integers(0, 255) for _ in range(3)))
LIGHT = ((255, 255, 255), (0, 0, 0))  # (page, text) of a light palette
DARK = ((30, 30, 32), (230, 230, 230))  # and of the window's own dark palette


def test_wcag_reference_values():
    assert relative_luminance((255, 255, 255)) == 1.0
    assert relative_luminance((0, 0, 0)) == 0.0
    assert round(contrast_ratio((0, 0, 0), (255, 255, 255)), 2) == 21.0
    # WCAG's own example: #777 on white is just under 4.5:1.
    assert 4.47 < contrast_ratio((0x77, 0x77, 0x77), (255, 255, 255)) < 4.49


def test_builtin_tags_keep_their_full_wash_in_both_schemes():
    for tag in ((0xE8, 0xA3, 0x17), (0xE5, 0x48, 0x4D)):
        for page, text in (LIGHT, DARK):
            wash = readable_wash(tag, HIGHLIGHT_ALPHA, page, text)
            assert (wash.alpha, wash.text) == (HIGHLIGHT_ALPHA, text)


@given(tag=rgbs, scheme=st.sampled_from([LIGHT, DARK]), alpha=st.integers(0, 255))
def test_any_tag_colour_keeps_highlighted_text_readable(tag, scheme, alpha):
    page, text = scheme
    wash = readable_wash(tag, alpha, page, text)
    assert wash.shown == composite(tag, wash.alpha, page)
    assert contrast_ratio(wash.text, wash.shown) >= TEXT_CONTRAST
    assert alpha // 2 <= wash.alpha <= alpha  # still a highlight


@given(tag=rgbs, page=rgbs, text=rgbs)
def test_any_palette_keeps_highlighted_text_readable(tag, page, text):
    wash = readable_wash(tag, HIGHLIGHT_ALPHA, page, text)
    assert contrast_ratio(wash.text, wash.shown) >= TEXT_CONTRAST


# Connectors are drawn at 210 (and 255 when selected); far fainter lines could not reach
# 3:1 on a mid-grey page even in white.
@given(colour=rgbs, background=rgbs, alpha=st.integers(200, 255))
def test_lines_are_moved_just_far_enough_to_stand_out(colour, background, alpha):
    adjusted = toward_contrast(colour, background, alpha=alpha)
    assert contrast_ratio(composite(adjusted, alpha, background), background) >= GRAPHIC_CONTRAST
    if contrast_ratio(composite(colour, alpha, background), background) >= GRAPHIC_CONTRAST:
        assert adjusted == colour
