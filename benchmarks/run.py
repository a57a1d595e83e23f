"""The performance harness: each figure against a baseline measured in the same run.

    python benchmarks/run.py [--quick] [--json PATH] [--only NAME]... [--profile NAME]...

It generates a deterministic synthetic library in a temporary folder, measures every
figure and its baseline, and prints a table (name, value, baseline, ratio, target,
ok/MISS). ``--quick`` repeats less (the sizes stay as named; the PDF export runs on
2,000 annotations). ``--only`` picks figures by name; ``--profile`` runs the named
figures once under pyinstrument and prints where the time goes instead of a table.

Qt runs offscreen, and every user folder (config, data, cache) points into the
temporary folder, so nothing of the user's is read or written.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import measure

ORDER = (
    "cold_start",
    "open_article_5k",
    "create_annotation_10k",
    "create_annotation_10k_median",
    "create_annotation_10k_floor",
    "export_md_10k",
    "export_html_10k",
    "export_csv_10k",
    "export_json_10k",
    "export_pdf_2k",
    "export_pdf_10k",
    "import_1k_articles",
    "import_1k_articles_floor",
    "import_100_pages",
    "update_article_5k",
    "peak_memory",
)
QUIET_QT_MESSAGES = ("This plugin does not support propagateSizeHints()",)
_KEEP: list[object] = []


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="benchmarks/run.py", description=__doc__.split("\n\n")[0] if __doc__ else None
    )
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (~2 minutes)")
    parser.add_argument("--json", metavar="PATH", type=Path, help="also write the metrics here")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help="measure only this figure (repeatable); e.g. cold_start, export_md_10k",
    )
    parser.add_argument(
        "--profile",
        action="append",
        default=[],
        metavar="NAME",
        help="profile this figure with pyinstrument instead of measuring (repeatable)",
    )
    return parser


def _isolate(root: Path) -> None:
    """Offscreen Qt and private user folders, for this process and its children."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    for key, name in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        folder = root / name
        folder.mkdir()
        os.environ[key] = str(folder)
    os.environ.pop("XIAOMI_READER_DB", None)
    # The cold starts' warm-up caches the product's byte-code, as an installed copy has it
    # (pip compiles it); with PYTHONDONTWRITEBYTECODE set, every start would compile again.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def _start_qt() -> object:
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    def handler(_kind: QtMsgType, _context: object, message: str) -> None:
        if message not in QUIET_QT_MESSAGES:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)
    return QApplication(sys.argv[:1])


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="xiaomi-reader-bench-") as tmp:
        root = Path(tmp)
        _isolate(root)
        # Started while this process is still small: see coldstart_child.py.
        launcher = measure.Launcher()
        try:
            metrics = _run(args, root, launcher)
        finally:
            launcher.close()
    if metrics is None:
        return 2
    if args.profile:
        return 0
    print(measure.table(metrics))
    print()
    print(measure.notes(metrics))
    elapsed = time.monotonic() - began
    print(f"\n{len(metrics)} figures in {elapsed:.0f} s ({'quick' if args.quick else 'full'} run)")
    if args.json:
        measure.write_json(args.json, metrics)
    return 0


def _run(
    args: argparse.Namespace, root: Path, launcher: measure.Launcher
) -> list[measure.Metric] | None:
    """The figures asked for, in the table's order; None when they cannot be run."""
    if args.profile and importlib.util.find_spec("pyinstrument") is None:
        print("--profile needs pyinstrument: pip install pyinstrument", file=sys.stderr)
        return None
    _KEEP.append(_start_qt())  # alive until the process ends
    import figures

    plan = figures.Plan(quick=args.quick, profiling=bool(args.profile))
    wanted = set(args.profile or args.only)
    runners = figures.catalogue(plan)
    known = {name for names, _runner in runners for name in names}
    unknown = wanted - known
    if unknown:
        choices = ", ".join(n for n in ORDER if n in known)
        print(f"unknown figure {sorted(unknown)[0]!r}; choose from: {choices}", file=sys.stderr)
        return None
    workspace = figures.Workspace(root, launcher)
    profiler = _profiler() if args.profile else None
    metrics: list[measure.Metric] = []
    for names, runner in runners:
        if wanted and not wanted & set(names):
            continue
        metrics.extend(runner(workspace, plan, measure.Clock(profiler)))
        if profiler is not None and profiler.last_session is not None:
            print(f"\n## {', '.join(names)}\n")
            print(profiler.output_text(unicode=True, color=False))
            profiler = _profiler()
    metrics.sort(key=lambda m: ORDER.index(m.name) if m.name in ORDER else len(ORDER))
    return metrics


def _profiler() -> Any:
    from pyinstrument import Profiler

    return Profiler(interval=0.001)


if __name__ == "__main__":
    sys.exit(main())
