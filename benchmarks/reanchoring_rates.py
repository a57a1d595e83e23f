"""How annotations fare across generated article versions: the rates the README shows.

    python benchmarks/reanchoring_rates.py [--edits N] [--seed S]

Generates texts (English, emoji, CJK, Hebrew and Arabic, with stock sentences repeated
often), ten annotations on each, and an edit script of 1-6 random edits (insertions,
deletions, replacements, paragraph moves, typo fixes) until at least N edits (default
10,000) have been made; re-anchors every annotation and judges each result against where
its characters really went (``tests/edit_scripts.py``). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import edit_scripts
from xiaomi_reader.core.reanchoring import reanchor

ORDER = ("anchored", "changed", "needs_review", "orphan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--edits", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20240322)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    states: Counter[str] = Counter()
    verdicts: Counter[str] = Counter()
    survived: Counter[str] = Counter()
    edits = versions = 0
    began = time.perf_counter()
    while edits < args.edits:
        old = edit_scripts.make_text(rng, rng.randint(3, 12))
        selectors = edit_scripts.make_selectors(rng, old, 10)
        steps = rng.randint(1, 6)
        version = edit_scripts.edit(rng, old, steps)
        edits += steps
        versions += 1
        new = version.text
        where = edit_scripts.positions(version)
        for selector, result in zip(selectors, reanchor(old, new, selectors), strict=True):
            verdict = edit_scripts.verdict(version, where, selector, result, new)
            states[result.state.value] += 1
            verdicts[verdict] += 1
            if edit_scripts.true_place(version, where, selector) is not None:
                survived[verdict] += 1
    total = sum(states.values())
    print(f"{edits:,} edits in {versions:,} versions, {total:,} annotations ", end="")
    print(f"({time.perf_counter() - began:.0f} s, seed {args.seed})\n")
    print("| state | annotations | share |")
    print("|---|---:|---:|")
    for state in ORDER:
        print(f"| {state} | {states[state]:,} | {states[state] / total:.1%} |")
    print(f"| wrong place | {verdicts['wrong']:,} | {verdicts['wrong'] / total:.2%} |")
    unchanged = sum(survived.values())
    print(
        f"\nOf the {unchanged:,} whose passage survived unchanged: "
        f"{survived['right']:,} on it ({survived['right'] / unchanged:.1%}), "
        f"{survived['needs_review']:,} held for review, {survived['missed']:,} marked changed "
        f"over it, {survived['wrong']:,} elsewhere."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
