"""Timing ``Library.import_article_files`` into a fresh library, against a baseline."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from pathlib import Path

from measure import Clock, Metric, median

from xiaomi_reader.store.library import ImportOutcome, ImportStatus, Library


def time_imports(
    name: str,
    root: Path,
    paths: Sequence[Path],
    reps: int,
    clock: Clock,
    baseline: Callable[[], None],
    target: float,
) -> list[Metric]:
    """Import ``paths`` into a fresh library ``reps`` times (after a warm-up), each
    against ``baseline`` measured just after it."""
    values, bases = [], []
    for n in range(reps + 1):
        library_path = root / f"{name}-{n}.sqlite3"
        outcomes: list[ImportOutcome] = []
        with contextlib.closing(Library.open(library_path)) as library:
            value = clock.product(
                lambda lib=library, out=outcomes: out.extend(lib.import_article_files(paths))
            )
        assert all(o.status is ImportStatus.IMPORTED for o in outcomes), outcomes[:3]
        for leftover in library_path.parent.glob(library_path.name + "*"):
            leftover.unlink()
        base = Clock.baseline(baseline)
        if n:  # the first round is the warm-up
            values.append(value)
            bases.append(base)
    if clock.profiler is not None:
        return []
    detail = f"median of {reps}, a fresh library each time"
    return [Metric(name, median(values), median(bases), target, detail=detail)]
