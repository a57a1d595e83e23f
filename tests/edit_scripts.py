"""Random article versions with a known truth: texts, annotations, edit scripts and a judge.

A text is paragraphs of sentences mixing English, emoji (astral, flags, ZWJ sequences), CJK
and right-to-left Hebrew and Arabic, with a few stock sentences repeated often, so that many
quotes occur several times. Every character carries where it came from (its index in the old
text, or None when an edit typed it), through insertions, deletions, replacements, paragraph
moves and typo fixes. So for each annotation the judge knows whether its passage survived
unchanged and where, and can tell a right place from a wrong one.

Shared by the property tests and ``benchmarks/reanchoring_rates.py``.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from xiaomi_reader.core.anchoring import CONTEXT_CHARS, Selector, build_selector
from xiaomi_reader.core.reanchoring import Reanchored, State

WORDS = (
    "Xiaomi", "blacklist", "the", "ministry", "said", "on", "Monday", "shares", "rose",
    "investors", "court", "ruling", "Defense", "State", "Department", "lawsuit", "filed",
    "📱", "🇺🇸", "👩‍💻", "📉", "小米", "北京", "美国国防部", "制裁", "שיאומי", "ממשלה",
    "شاومي", "الحكومة", "café", "naïve", "5G", "2021", "percent", "according", "to",
)  # fmt: skip
# Said again and again, as news copy repeats itself: the quotes context must tell apart.
STOCK = (
    "Xiaomi denied any ties to the military.",
    "小米否认与军方有任何联系。",
    "שיאומי הכחישה כל קשר לצבא.",
    "The company declined to comment 📱.",
    "قالت الشركة إنها ستطعن في القرار.",
)
EDITS = ("insert", "delete", "replace", "move", "typo")


def sentence(rng: random.Random) -> str:
    if rng.random() < 0.35:
        return rng.choice(STOCK)
    words = [rng.choice(WORDS) for _ in range(rng.randint(4, 12))]
    return " ".join(words).capitalize() + rng.choice(".。!?")


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(1, 5)))


def make_text(rng: random.Random, paragraphs: int) -> str:
    return "\n\n".join(paragraph(rng) for _ in range(paragraphs))


def _boundaries(text: str) -> list[int]:
    """Positions after a space or a paragraph break (not inside one), and the two ends."""
    found = [0, len(text)]
    found += [i + 1 for i, c in enumerate(text) if c == " " or (c == "\n" == text[i - 1 : i])]
    return sorted(set(found))


def make_selectors(rng: random.Random, text: str, count: int) -> list[Selector]:
    """Passages of a few words to a few sentences, many on the repeated stock sentences."""
    stops = _boundaries(text)
    selectors = []
    for _ in range(count):
        stock = [i for s in STOCK for i in _all(text, s)]
        if stock and rng.random() < 0.3:
            start = rng.choice(stock)
            end = start + len(next(s for s in STOCK if text.startswith(s, start)))
        else:
            a = rng.randrange(len(stops) - 1)
            b = min(len(stops) - 1, a + rng.randint(1, 12))
            start, end = stops[a], stops[b]
            while end > start and text[end - 1] in " \n":
                end -= 1
        if end - start >= 4:
            selectors.append(build_selector(text, start, end))
    return selectors


def _all(text: str, quote: str) -> list[int]:
    found, i = [], text.find(quote)
    while i != -1:
        found.append(i)
        i = text.find(quote, i + 1)
    return found


@dataclass
class Version:
    """The new text, and for each of its characters the old index it came from (or None)."""

    chars: list[str]
    origins: list[int | None]

    @classmethod
    def of(cls, text: str) -> Version:
        return cls(list(text), list(range(len(text))))

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def text_at(self, start: int, length: int) -> str:
        return "".join(self.chars[start : start + length]) if start >= 0 else ""

    def splice(self, start: int, end: int, chars: list[str], origins: list[int | None]) -> None:
        self.chars[start:end] = chars
        self.origins[start:end] = origins


def apply_edit(rng: random.Random, version: Version, kind: str) -> None:
    """One edit of ``kind`` at a random place, mostly at word boundaries."""
    text = version.text
    stops = _boundaries(text)
    at = rng.choice(stops)
    if kind == "insert":
        added = sentence(rng) + " " if rng.random() < 0.5 else paragraph(rng) + "\n\n"
        version.splice(at, at, list(added), [None] * len(added))
    elif kind in ("delete", "replace"):
        i = stops.index(at)
        end = stops[min(len(stops) - 1, i + rng.randint(1, 8))]
        added = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4))) + " "
        new = list(added) if kind == "replace" else []
        version.splice(at, end, new, [None] * len(new))
    elif kind == "move":
        breaks = [0] + [i + 2 for i in range(len(text) - 1) if text[i : i + 2] == "\n\n"]
        if len(breaks) < 3:
            return
        n = rng.randrange(len(breaks) - 1)
        start, end = breaks[n], breaks[n + 1]
        chars, origins = version.chars[start:end], version.origins[start:end]
        version.splice(start, end, [], [])
        rest = version.text
        targets = [0] + [i + 2 for i in range(len(rest) - 1) if rest[i : i + 2] == "\n\n"]
        to = rng.choice(targets)
        version.splice(to, to, chars, origins)
    else:  # a typo fixed: one character replaced, added or removed inside a word
        letters = [i for i, c in enumerate(text) if c.isalpha()]
        if not letters:
            return
        i = rng.choice(letters)
        how = rng.randrange(3)
        new = [] if how == 0 else [rng.choice("aeiouxyz中ש")]
        version.splice(i, i + (how != 2), new, [None] * len(new))


def edit(rng: random.Random, old: str, steps: int) -> Version:
    version = Version.of(old)
    for _ in range(steps):
        apply_edit(rng, version, rng.choice(EDITS))
    return version


# -- the judge ---------------------------------------------------------------------------


def positions(version: Version) -> dict[int, int]:
    """Old index → new index of every character that survived."""
    return {old: new for new, old in enumerate(version.origins) if old is not None}


def true_place(version: Version, where: dict[int, int], sel: Selector) -> int | None:
    """Where the passage is, unchanged, in the new text; or None.

    It is there when its words are there, in the place where most of its own characters
    still stand in order. "Most", not "all": deleting ``"a b "`` from ``"a b a"`` can as well
    be told as deleting ``" b a"``, and no text can tell which ``a`` the edit kept.
    """
    length = len(sel.exact)
    votes: Counter[int] = Counter(
        where[k] - (k - sel.start) for k in range(sel.start, sel.end) if k in where
    )
    if not votes:
        return None
    first, count = votes.most_common(1)[0]
    if count * 2 <= length or version.text_at(first, length) != sel.exact:
        return None
    return first


def _window(text: str, start: int, end: int) -> str:
    return text[max(0, start - CONTEXT_CHARS) : end + CONTEXT_CHARS]


def verdict(
    version: Version, where: dict[int, int], sel: Selector, result: Reanchored, new_text: str
) -> str:
    """``right``, ``wrong`` (a place it does not belong), ``missed`` (its passage is there
    unchanged, but it was not put on it), or the state it was kept in."""
    if result.state in (State.NEEDS_REVIEW, State.ORPHAN):
        return result.state.value
    assert result.start is not None and result.end is not None
    truth = true_place(version, where, sel)
    if result.state is State.ANCHORED:
        if truth == result.start:
            return "right"
        if truth is not None:
            # Same words in the same surroundings: no reader could tell the two apart.
            same = _window(new_text, truth, truth + len(sel.exact))
            return "right" if same == _window(new_text, result.start, result.end) else "wrong"
        return "right" if _context_fits(new_text, sel, result.start, result.end) else "wrong"
    # changed: it must cover what is left of its own passage
    kept = [i for i in range(result.start, result.end) if version.origins[i] is not None]
    own = any(sel.start <= version.origins[i] < sel.end for i in kept)  # type: ignore[operator]
    if truth is not None:
        return "missed" if result.start <= truth < result.end else "wrong"
    return "right" if own else "wrong"


def _context_fits(text: str, sel: Selector, start: int, end: int) -> bool:
    """The stored context is at least half there around a place (its passage being gone)."""
    before = text[max(0, start - len(sel.prefix)) : start]
    after = text[end : end + len(sel.suffix)]
    total = len(sel.prefix) + len(sel.suffix)
    same = common_tail(before, sel.prefix) + common_head(after, sel.suffix)
    return total == 0 or same * 2 >= total


def common_tail(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def common_head(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def tally(verdicts: list[str]) -> Counter[str]:
    return Counter(verdicts)
