"""A quote as a report shows it: the passage with a few words of its text on each side.

The context comes from the article's text when the stored offsets still hold the
quote, otherwise from the quote's stored prefix and suffix (which may be cut
mid-word). No Qt, no SQL.
"""

from __future__ import annotations

from typing import NamedTuple

from xiaomi_reader.core.records import Annotation

__all__ = [
    "CONTEXT_WORDS",
    "Quote",
    "quote_from_context",
    "quote_in_text",
    "quote_of",
    "shorten",
]

CONTEXT_WORDS = 8
# Characters of article text looked at on each side for the context words: plenty for 8.
_CONTEXT_WINDOW = 400


class Quote(NamedTuple):
    """A quote with a few words of context; ``more_*`` say whether to show an ellipsis."""

    before: str
    exact: str
    after: str
    more_before: bool
    more_after: bool

    def plain(self) -> str:
        """One line of text: ``…before exact after…``."""
        lead = "…" if self.more_before else ""
        tail = "…" if self.more_after else ""
        return f"{lead}{self.before}{self.exact}{self.after}{tail}"


def quote_of(annotation: Annotation, text: str | None) -> Quote:
    """An annotation's quote on ``text``, its article's text (None when not at hand)."""
    start, end, exact = annotation.start, annotation.end, annotation.exact
    if text is None or start is None or end is None or text[start:end] != exact:
        return quote_from_context(exact, annotation.prefix, annotation.suffix)
    return quote_in_text(text, start, end)


def quote_in_text(text: str, start: int, end: int, words: int = CONTEXT_WORDS) -> Quote:
    """``text[start:end]`` with up to ``words`` words of the text on each side.

    An ellipsis shows that the text goes on beyond the words shown: more words
    in the window, or a window that stops short of the text's edge.
    """
    first = max(0, start - _CONTEXT_WINDOW)
    last = min(len(text), end + _CONTEXT_WINDOW)
    before, cut_before = _last_words(text[first:start], words)
    after, cut_after = _first_words(text[end:last], words)
    return Quote(
        before=before,
        exact=text[start:end],
        after=after,
        more_before=cut_before or (first > 0 and bool(before)),
        more_after=cut_after or (last < len(text) and bool(after)),
    )


def quote_from_context(exact: str, prefix: str, suffix: str, words: int = CONTEXT_WORDS) -> Quote:
    """A quote whose context comes from the stored prefix and suffix (they may be cut mid-word)."""
    before, _ = _last_words(prefix, words)
    after, _ = _first_words(suffix, words)
    return Quote(
        before=before,
        exact=exact,
        after=after,
        more_before=bool(before),
        more_after=bool(after),
    )


def _last_words(chunk: str, words: int) -> tuple[str, bool]:
    """The last ``words`` words of ``chunk`` (single-spaced) and whether any were left out."""
    # At most words + 1 pieces: the words wanted and, if there is more, the rest unsplit.
    parts = chunk.rsplit(None, words)
    if not parts:
        return ("", False)
    cut = len(parts) > words
    joined = " ".join(parts[1:] if cut else parts)
    # Keep the gap between the context and the quote, if there was one.
    if chunk[-1].isspace():
        joined += " "
    return (joined, cut)


def _first_words(chunk: str, words: int) -> tuple[str, bool]:
    """The first ``words`` words of ``chunk`` (single-spaced) and whether any were left out."""
    parts = chunk.split(None, words)
    if not parts:
        return ("", False)
    cut = len(parts) > words
    joined = " ".join(parts[:words] if cut else parts)
    if chunk[0].isspace():
        joined = " " + joined
    return (joined, cut)


def shorten(text: str, limit: int) -> str:
    """``text`` on one line (whitespace runs as single spaces), cut to ``limit`` characters.

    A cut text ends in an ellipsis.
    """
    flat = " ".join(text.split())
    if len(flat) > limit:
        return flat[: limit - 1].rstrip() + "…"
    return flat
