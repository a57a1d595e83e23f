"""Colour contrast as WCAG 2 measures it, and highlight washes that keep text readable.

Plain Python (no Qt), so the rules can be tested over any colour. A highlight is a wash
of its tag's colour laid over the text's background; whatever the tag colour (users pick
their own) and whatever the palette (light or dark), the text on it must keep a contrast
ratio of at least 4.5:1 (WCAG AA for body text).
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

__all__ = [
    "BLACK",
    "GRAPHIC_CONTRAST",
    "TEXT_CONTRAST",
    "WHITE",
    "Wash",
    "composite",
    "contrast_ratio",
    "is_dark",
    "readable_wash",
    "relative_luminance",
    "toward_contrast",
]

Rgb = tuple[int, int, int]

TEXT_CONTRAST = 4.5  # WCAG AA, body text
GRAPHIC_CONTRAST = 3.0  # WCAG AA, lines and symbols (1.4.11)
BLACK: Rgb = (0, 0, 0)
WHITE: Rgb = (255, 255, 255)
# The washes and connector colours asked for while annotating are a few hundred at most
# (tag colours, their blends, link types, two palettes): each is worked out once. Both
# functions below depend only on their (immutable) arguments.
_REMEMBERED = 1024
# A wash is made fainter in these many steps, down to half its strength, before the text
# colour is changed instead: below half a wash no longer reads as a highlight.
_FADE_STEPS = 4


class Wash(NamedTuple):
    """How one highlight is drawn: its tag colour at ``alpha`` (0–255), text in ``text``."""

    alpha: int
    text: Rgb
    shown: Rgb  # the background the reader sees: the wash laid over the page


def _linear(value: int) -> float:
    """An sRGB channel value (0–255) as linear light (0–1)."""
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


# A channel has 256 values: each is converted once, not for every contrast asked for.
_LINEAR = tuple(_linear(value) for value in range(256))


def relative_luminance(rgb: Rgb) -> float:
    r, g, b = rgb
    return 0.2126 * _LINEAR[r] + 0.7152 * _LINEAR[g] + 0.0722 * _LINEAR[b]


def contrast_ratio(a: Rgb, b: Rgb) -> float:
    la, lb = relative_luminance(a), relative_luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def is_dark(background: Rgb, text: Rgb) -> bool:
    """A dark scheme: light text on a darker background."""
    return relative_luminance(background) < relative_luminance(text)


def composite(colour: Rgb, alpha: int, under: Rgb) -> Rgb:
    """``colour`` at ``alpha`` (0–255) laid over the opaque ``under``, as a painter does."""
    a = alpha / 255
    r, g, b = (round(a * c + (1 - a) * u) for c, u in zip(colour, under, strict=True))
    return (r, g, b)


@lru_cache(maxsize=_REMEMBERED)
def readable_wash(colour: Rgb, alpha: int, page: Rgb, text: Rgb) -> Wash:
    """The strongest wash of ``colour`` up to ``alpha`` on which ``text`` reads at 4.5:1.

    The wash fades (to half at most) before the text changes colour; when even then the
    page's text does not read, the wash keeps its strength and the text becomes black or
    white, whichever reads better — one of the two always reaches 4.58:1.
    """
    for step in range(_FADE_STEPS + 1):
        faded = round(alpha * (1 - step / (2 * _FADE_STEPS)))
        shown = composite(colour, faded, page)
        if contrast_ratio(text, shown) >= TEXT_CONTRAST:
            return Wash(faded, text, shown)
    shown = composite(colour, alpha, page)
    best = max((BLACK, WHITE), key=lambda candidate: contrast_ratio(candidate, shown))
    return Wash(alpha, best, shown)


@lru_cache(maxsize=_REMEMBERED)
def toward_contrast(
    colour: Rgb, background: Rgb, minimum: float = GRAPHIC_CONTRAST, alpha: int = 255
) -> Rgb:
    """``colour``, mixed toward white or black only as far as it needs to stand out.

    It moves toward whichever of the two contrasts more with ``background``, keeping as
    much of its hue as the ``minimum`` ratio allows (lines and symbols: 3:1), measured as
    it shows when drawn at ``alpha`` over ``background``.
    """
    target = max((BLACK, WHITE), key=lambda extreme: contrast_ratio(extreme, background))
    for step in range(21):
        mixed = composite(target, round(255 * step / 20), colour)
        if contrast_ratio(composite(mixed, alpha, background), background) >= minimum:
            return mixed
    return target
