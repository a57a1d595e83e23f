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
    floor: Callable[[Path], None] | None = None,
) -> list[Metric]:
    """Import ``paths`` into a fresh library ``reps`` times (after a warm-up), each
    against ``baseline`` measured just after it; and ``floor`` (the least an import
    must do, into a fresh library at the path given) likewise, when there is one."""
    values, bases, floors = [], [], []
    for n in range(reps + 1):
        library_path = root / f"{name}-{n}.sqlite3"
        outcomes: list[ImportOutcome] = []
        with contextlib.closing(Library.open(library_path)) as library:
            value = clock.product(
                lambda lib=library, out=outcomes: out.extend(lib.import_article_files(paths))
            )
        assert all(o.status is ImportStatus.IMPORTED for o in outcomes), outcomes[:3]
        _remove(library_path)
        base = Clock.baseline(baseline)
        least = 0.0
        if floor is not None:
            Library.open(library_path).close()  # the product's schema, made untimed
            least = Clock.baseline(lambda at=library_path: floor(at))
            _remove(library_path)
        if n:  # the first round is the warm-up
            values.append(value)
            bases.append(base)
            floors.append(least)
    if clock.profiler is not None:
        return []
    detail = f"median of {reps}, a fresh library each time"
    metrics = [Metric(name, median(values), median(bases), target, detail=detail)]
    if floor is not None:
        metrics.append(
            Metric(
                f"{name}_floor",
                median(floors),
                median(bases),
                None,
                detail=(
                    "the least an import must do (read, decode, refuse binary, hash, store "
                    "the text and its original's record, commit), plain sqlite3, against the "
                    f"same baseline; the product takes {median(values) / median(floors):.2f}× "
                    "the floor"
                ),
            )
        )
    return metrics


def _remove(library_path: Path) -> None:
    for leftover in library_path.parent.glob(library_path.name + "*"):
        leftover.unlink()
