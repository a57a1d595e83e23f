"""Timing helpers, the metric record, and the table and JSON the harness prints."""

from __future__ import annotations

import json
import math
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHILD = Path(__file__).with_name("coldstart_child.py")


@dataclass(frozen=True)
class Metric:
    """One figure: the product's value and the baseline's, measured in the same run.

    ``unit`` is "s" for times and "MiB" for memory (``value_s``/``baseline_s`` then
    hold MiB). ``target`` is the largest acceptable ratio, or None when there is none.
    """

    name: str
    value: float
    baseline: float
    target: float | None
    unit: str = "s"
    detail: str = ""

    @property
    def ratio(self) -> float:
        return self.value / self.baseline if self.baseline > 0 else math.inf

    @property
    def ok(self) -> bool | None:
        return None if self.target is None else self.ratio <= self.target

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value_s": round(self.value, 6),
            "baseline_s": round(self.baseline, 6),
            "ratio": round(self.ratio, 3),
            "target": self.target,
        }


class Clock:
    """Times callables; when profiling, the product's calls also run under pyinstrument."""

    def __init__(self, profiler: Any | None = None) -> None:
        self.profiler = profiler

    def product(self, action: Callable[[], object]) -> float:
        if self.profiler is not None:
            self.profiler.start()
        try:
            return self.baseline(action)
        finally:
            if self.profiler is not None:
                self.profiler.stop()

    @staticmethod
    def baseline(action: Callable[[], object]) -> float:
        start = time.perf_counter()
        action()
        return time.perf_counter() - start


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def p95(values: Sequence[float]) -> float:
    """The 95th percentile by nearest rank (the 95th of 100 sorted values)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _number(value: float, unit: str) -> str:
    if unit == "MiB":
        return f"{value:.1f} MiB"
    return f"{value:.4f}" if value < 10 else f"{value:.2f}"


def table(metrics: Sequence[Metric]) -> str:
    """A Markdown table (readable in a terminal, pasteable into the README)."""
    header = ("name", "value_s", "baseline_s", "ratio", "target", "ok/MISS")
    rows = [header, tuple("---" for _ in header)]
    for m in metrics:
        verdict = "—" if m.ok is None else ("ok" if m.ok else "MISS")
        target = "—" if m.target is None else f"≤ {m.target:g}×"
        rows.append(
            (
                m.name,
                _number(m.value, m.unit),
                _number(m.baseline, m.unit),
                f"{m.ratio:.2f}×",
                target,
                verdict,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = []
    for n, row in enumerate(rows):
        cells = []
        for i, cell in enumerate(row):
            if n == 1:
                cell = "-" * widths[i]
            cells.append(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def notes(metrics: Sequence[Metric]) -> str:
    """One line per figure that says how it was taken."""
    return "\n".join(f"- {m.name}: {m.detail}" for m in metrics if m.detail)


def write_json(path: Path, metrics: Sequence[Metric]) -> None:
    data = {"metrics": [m.as_json() for m in metrics]}
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


class Launcher:
    """The small process that spawns the cold starts (see ``coldstart_child.py``)."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, str(CHILD), "launcher"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, command: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
        """Run ``command``; returns the launcher's clock just before the spawn, and the result."""
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(json.dumps(command) + "\n")
        self._process.stdin.flush()
        answer = json.loads(self._process.stdout.readline())
        done = subprocess.CompletedProcess(
            command, answer["returncode"], answer["stdout"], answer["stderr"]
        )
        return answer["spawned"], done

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait(timeout=30)
