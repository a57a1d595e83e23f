"""``update_article_5k``: a corrected version of a 200 kB article with 5,000 annotations.

The new version is what a newsroom's correction looks like, made from the old text with a
seeded ``random.Random``: typo fixes, words replaced, sentences deleted, a paragraph added, a
paragraph moved. The product is ``reanchor`` for all 5,000 (its own diff included); the
baseline is one diff of the two texts with diff-match-patch and its semantic clean-up,
nothing else.
"""

from __future__ import annotations

import random

import synth
from diff_match_patch import diff_match_patch
from measure import Clock, Metric, median, progress

from xiaomi_reader.core.anchoring import build_selector
from xiaomi_reader.core.reanchoring import State, reanchor

ANNOTATIONS = 5_000
SIZE = 200_000
TARGET = 5.0


def corrected(rng: random.Random, text: str) -> str:
    """``text`` after some 40 edits of the kinds a published correction makes."""
    for _ in range(15):  # typo fixes
        at = rng.randrange(len(text))
        text = text[:at] + rng.choice("aeiou") + text[at + 1 :]
    for _ in range(15):  # a word or two replaced
        start, end = synth.random_range(rng, text, 3, 15)
        text = text[:start] + rng.choice(synth.WORDS) + text[end:]
    for _ in range(6):  # a sentence or so deleted
        start, end = synth.random_range(rng, text, 40, 200)
        text = text[:start] + text[end:]
    paragraphs = text.split("\n\n")
    paragraphs.insert(rng.randrange(1, len(paragraphs)), synth.make_text(rng, 600).strip())
    moved = paragraphs.pop(rng.randrange(1, len(paragraphs)))
    paragraphs.insert(rng.randrange(1, len(paragraphs)), moved)
    return "\n\n".join(paragraphs)


def update_article(_ws: object, plan: object, clock: Clock) -> list[Metric]:
    rng = random.Random(synth.SEED + 5)
    old = synth.make_text(rng, SIZE)
    new = corrected(rng, old)
    selectors = [
        build_selector(old, *synth.random_range(rng, old, 6, 300)) for _ in range(ANNOTATIONS)
    ]
    reps = getattr(plan, "reps", 5)
    progress(f"update_article_5k: {len(new.encode()) // 1000} kB, {reps} repetitions…")

    def baseline() -> None:
        engine = diff_match_patch()
        engine.diff_cleanupSemantic(engine.diff_main(old, new))

    values, bases = [], []
    results = []
    for n in range(reps + 1):
        value = clock.product(lambda: results.append(reanchor(old, new, selectors)))
        base = Clock.baseline(baseline)
        if n:  # the first round is the warm-up
            values.append(value)
            bases.append(base)
    if clock.profiler is not None:
        return []
    states = {state: sum(r.state is state for r in results[-1]) for state in State}
    shares = ", ".join(f"{count} {state.value}" for state, count in states.items())
    detail = f"reanchor of {ANNOTATIONS:,} annotations, median of {reps} ({shares})"
    return [Metric("update_article_5k", median(values), median(bases), TARGET, detail=detail)]
