"""The figures: each measures the product and its baseline in this process run.

Every figure warms up once (imports, caches, page cache) before it measures, and
alternates product and baseline repetitions so drift hits both alike.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import random
import sqlite3
import sys
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import reanchoring_figure
import synth
import web_pages
from import_floor import import_plainly
from import_timing import time_imports
from measure import CHILD, Clock, Launcher, Metric, median, p95, progress

from xiaomi_reader.core.anchoring import OffsetMap
from xiaomi_reader.core.records import Tag
from xiaomi_reader.store.library import Library

if TYPE_CHECKING:
    from bare_annotator import BareAnnotator
    from PySide6.QtGui import QTextCharFormat

    from xiaomi_reader.gui.article_pane import ArticlePane
    from xiaomi_reader.gui.main_window import MainWindow

HIGHLIGHT_ALPHA = 102  # what the pane uses; any alpha costs the same
EXPORT_FORMATS = ("md", "html", "csv", "json")
SETTLE_PASSES = 3


@dataclass(frozen=True)
class Plan:
    """How many repetitions. ``--quick`` repeats less; sizes stay, but the PDF gets 2,000."""

    quick: bool
    profiling: bool = False

    @property
    def reps(self) -> int:
        return 1 if self.profiling else 5 if self.quick else 11

    @property
    def cold_reps(self) -> int:
        return 1 if self.profiling else 7 if self.quick else 15

    @property
    def export_reps(self) -> int:
        return 1 if self.profiling else 3 if self.quick else 7

    @property
    def pdf_annotations(self) -> int:
        return 2_000 if self.quick else 10_000

    @property
    def pdf_reps(self) -> int:
        return 1 if self.profiling else 3

    create_ops: int = 100
    create_warmup: int = 5


class Workspace:
    """The synthetic libraries and files, generated on first use in a temporary folder."""

    def __init__(self, root: Path, launcher: Launcher) -> None:
        self.root = root
        self.launcher = launcher

    @cached_property
    def big(self) -> synth.Generated:
        """10,000 annotations: a ~200 KB article with 5,000, twenty articles, the bundled three."""
        progress("generating the 10,000-annotation library…")
        specs = [synth.ArticleSpec(200_000, 5_000)]
        specs += [synth.ArticleSpec(8_000 + 1_500 * n, 235) for n in range(20)]
        return synth.build_library(
            self.root / "big.sqlite3",
            bundled_annotations=300,
            specs=specs,
            links=2_500,
            longest=300,
        )

    @cached_property
    def large_article_id(self) -> int:
        texts = self.big.texts
        return max(texts, key=lambda article_id: len(texts[article_id]))

    @cached_property
    def cold(self) -> synth.Generated:
        """1,000 annotations over the three bundled articles (as a first run leaves them)."""
        progress("generating the 1,000-annotation library…")
        return synth.build_library(
            self.root / "cold.sqlite3", bundled_annotations=1_000, links=200, longest=120
        )

    @cached_property
    def cold_texts(self) -> list[Path]:
        """The three bundled texts, as stored, for the bare window to show."""
        paths = []
        for n, article_id in enumerate(self.cold.article_ids):
            path = self.root / f"bundled-{n}.txt"
            path.write_text(self.cold.texts[article_id], encoding="utf-8")
            paths.append(path)
        return paths

    @cached_property
    def pdf_small(self) -> synth.Generated:
        """2,000 annotations: the bundled three and four 40 KB articles."""
        progress("generating the 2,000-annotation library…")
        return synth.build_library(
            self.root / "pdf2k.sqlite3",
            bundled_annotations=400,
            specs=[synth.ArticleSpec(40_000, 400) for _ in range(4)],
            links=500,
            longest=300,
        )

    @cached_property
    def article_files(self) -> list[Path]:
        progress("writing 1,000 article files…")
        return synth.write_article_files(self.root / "articles", 1_000)

    def copy_of(self, generated: synth.Generated, name: str) -> Path:
        """A consistent copy of a generated library (SQLite's backup API)."""
        target = self.root / name
        with (
            contextlib.closing(sqlite3.connect(generated.path)) as source,
            contextlib.closing(sqlite3.connect(target)) as dest,
        ):
            source.backup(dest)
        return target


def _process_events() -> None:
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()


def _settle() -> None:
    """Process events until what a change set off has been painted.

    One pass is not enough: an item view lays out on a zero timer after rows are
    inserted, and only the pass after that paints it.
    """
    for _ in range(SETTLE_PASSES):
        _process_events()


def _formats_by_tag(tags: Mapping[int, Tag]) -> dict[int, QTextCharFormat]:
    from PySide6.QtGui import QBrush, QColor, QTextCharFormat

    formats = {}
    for tag_id, tag in tags.items():
        fmt = QTextCharFormat()
        colour = QColor(tag.colour)
        colour.setAlpha(HIGHLIGHT_ALPHA)
        fmt.setBackground(QBrush(colour))
        formats[tag_id] = fmt
    return formats


# -- cold start and peak memory ------------------------------------------------------------


def _spawn(launcher: Launcher, command: list[str]) -> tuple[float, float]:
    """Seconds from just before the spawn until the child's first paint; its maxrss in MiB."""
    start, done = launcher.run(command)
    if done.returncode != 0 or not done.stdout.strip():
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return report["painted"] - start, report["maxrss_kib"] / 1024


def cold_start(ws: Workspace, plan: Plan, clock: Clock) -> list[Metric]:
    app = [sys.executable, str(CHILD), "app", str(ws.cold.path)]
    bare = [sys.executable, str(CHILD), "bare", *map(str, ws.cold_texts)]
    launcher = ws.launcher
    if clock.profiler is not None:
        _start, done = launcher.run([*app, "--profile"])
        print(f"\n## cold_start, peak_memory\n\n{done.stderr}")
        return []
    progress(f"cold_start: {plan.cold_reps} starts of each window…")
    # Warm-up: byte-code, libraries and fonts in the page cache for both.
    _spawn(launcher, app)
    _spawn(launcher, bare)
    app_runs: list[tuple[float, float]] = []
    bare_runs: list[tuple[float, float]] = []
    for n in range(plan.cold_reps):
        pair = [(app, app_runs), (bare, bare_runs)]
        for command, runs in pair if n % 2 == 0 else reversed(pair):
            runs.append(_spawn(launcher, command))
    return [
        Metric(
            "cold_start",
            median([t for t, _ in app_runs]),
            median([t for t, _ in bare_runs]),
            3.0,
            detail=f"spawn to first complete paint, median of {plan.cold_reps} processes each",
        ),
        Metric(
            "peak_memory",
            median([m for _, m in app_runs]),
            median([m for _, m in bare_runs]),
            2.0,
            unit="MiB",
            detail="ru_maxrss of the cold-start processes at that paint, in MiB",
        ),
    ]


# -- opening an article --------------------------------------------------------------------


def open_article(ws: Workspace, plan: Plan, clock: Clock) -> list[Metric]:
    from PySide6.QtGui import QTextCursor, QTextDocument
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from xiaomi_reader.gui.article_pane import ArticlePane

    article_id = ws.large_article_id
    with contextlib.closing(Library.open(ws.big.path)) as library:
        article = library.article(article_id)
        annotations = library.annotations(article_id)
        tags = {tag.id: tag for tag in library.tags()}
    assert len(annotations) == 5_000, len(annotations)
    progress(
        f"open_article_5k: {len(article.text.encode()) // 1000} kB, "
        f"{len(annotations)} annotations, {plan.reps} repetitions…"
    )
    host = QWidget()
    pane = ArticlePane(host)
    QVBoxLayout(host).addWidget(pane)
    host.resize(520, 860)  # about one of three panes in the 1440 px window
    host.show()
    _process_events()

    def product() -> None:
        pane.show_article(article, annotations, tags)
        pane.text_view.viewport().repaint()  # the highlights drawn, now

    offsets = OffsetMap(article.text)
    formats = _formats_by_tag(tags)
    ranges = [
        (offsets.to_utf16(a.start), offsets.to_utf16(a.end), formats[a.tag_ids[0]])
        for a in annotations
        if a.start is not None and a.end is not None
    ]
    kept: list[QTextDocument] = []

    def baseline() -> None:
        doc = QTextDocument()
        doc.setPlainText(article.text)
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        for start, end, fmt in ranges:
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
        cursor.endEditBlock()
        kept.append(doc)  # destroyed outside the timed part

    values, bases = [], []
    for n in range(plan.reps + 1):
        pane.clear()
        _process_events()
        kept.clear()
        value = clock.product(product)
        base = Clock.baseline(baseline)
        if n:  # the first round is the warm-up
            values.append(value)
            bases.append(base)
    host.hide()
    host.deleteLater()
    _process_events()
    if clock.profiler is not None:
        return []
    detail = f"show_article + repaint, median of {plan.reps}"
    return [Metric("open_article_5k", median(values), median(bases), 1.5, detail=detail)]


# -- creating an annotation ----------------------------------------------------------------


def _raw_insert(
    conn: sqlite3.Connection, text: str, iri: str, article_id: int
) -> Callable[[int, int, int], None]:
    def insert(start: int, end: int, tag_id: int) -> None:
        now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
        conn.execute("BEGIN IMMEDIATE")
        cursor = conn.execute(
            'INSERT INTO annotations (iri, article_id, target_source, start, "end", exact, '
            "prefix, suffix, note, author, state, created, modified) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', NULL, 'anchored', ?, ?)",
            (
                f"urn:uuid:{uuid.uuid4()}",
                article_id,
                iri,
                start,
                end,
                text[start:end],
                text[max(0, start - 32) : start],
                text[end : end + 32],
                now,
                now,
            ),
        )
        conn.execute(
            "INSERT INTO annotation_tags (annotation_id, tag_id) VALUES (?, ?)",
            (cursor.lastrowid, tag_id),
        )
        conn.execute("COMMIT")

    return insert


@contextlib.contextmanager
def _raw_connection(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection set up as the product sets up its own (WAL, NORMAL, and
    no checkpoint inside a commit: the product runs them when idle)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout = 8000")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        yield conn
    finally:
        conn.close()


def create_annotation(ws: Workspace, plan: Plan, clock: Clock) -> list[Metric]:
    from PySide6.QtGui import QTextCursor, QTextDocument

    from xiaomi_reader.gui.main_window import MainWindow

    article_id = ws.large_article_id
    text = ws.big.texts[article_id]
    product_path = ws.copy_of(ws.big, "create-product.sqlite3")
    baseline_path = ws.copy_of(ws.big, "create-baseline.sqlite3")
    floor_path = ws.copy_of(ws.big, "create-floor.sqlite3")
    progress("create_annotation_10k: opening the window on 10,000 annotations (not timed)…")
    library = Library.open(product_path)
    window = MainWindow(library, restore=False)
    window.show()
    _process_events()
    pane = window.open_article(article_id, window.panes[0])
    assert pane is not None
    # Opening includes the highlights drawn while idle: a reader selects text later.
    while pane.drawing_highlights:
        _process_events()
    _process_events()
    tag_id = window.controller.tags()[0].id
    formats = _formats_by_tag(window.controller.tag_map())

    rng = random.Random(synth.SEED + 2)
    total = plan.create_warmup + plan.create_ops
    ranges = [synth.random_range(rng, text, 6, 300) for _ in range(total)]
    progress(f"create_annotation_10k: {plan.create_ops} annotations, each with its baseline…")

    def product(start: int, end: int) -> None:
        created = window.controller.create_annotation(article_id, start, end, [tag_id])
        assert created is not None
        pane.text_view.viewport().repaint()
        _settle()  # everything else the change repaints (the table, counts)

    offsets = OffsetMap(text)
    doc = QTextDocument()
    doc.setPlainText(text)
    values, bases, floors = [], [], []
    with _raw_connection(baseline_path) as conn, _raw_connection(floor_path) as floor_conn:
        iri = conn.execute("SELECT iri FROM articles WHERE id = ?", (article_id,)).fetchone()[0]
        insert = _raw_insert(conn, text, iri, article_id)
        floor = _bare_annotator(window, pane, text, _raw_insert(floor_conn, text, iri, article_id))
        title_key = library.article(article_id).title.casefold()  # as the table sorts

        def baseline(start: int, end: int) -> None:
            insert(start, end, tag_id)
            cursor = QTextCursor(doc)
            cursor.setPosition(offsets.to_utf16(start))
            cursor.setPosition(offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(formats[tag_id])

        for n, (start, end) in enumerate(ranges):
            _settle()  # untimed: nothing left over from the previous measurement
            value = clock.product(lambda s=start, e=end: product(s, e))
            _settle()
            base = Clock.baseline(lambda s=start, e=end: baseline(s, e))
            key = (title_key, start, 1 << 40)
            least = Clock.baseline(
                lambda s=start, e=end, k=key: floor.annotate(s, e, tag_id, formats[tag_id], k)
            )
            if n >= plan.create_warmup:
                values.append(value)
                bases.append(base)
                floors.append(least)
        floor.close()
    window.hide()
    window.deleteLater()
    _process_events()
    library.close()
    if clock.profiler is not None:
        return []
    # The target compares the product with the floor: the least any window that shows the
    # new annotation must do. The raw insert alone paints nothing, so no window can
    # come near a small multiple of it; it stays in the table as the floor's own baseline.
    return [
        Metric(
            "create_annotation_10k",
            p95(values),
            p95(floors),
            2.0,
            detail=(
                f"p95 of {len(values)} (create_annotation + repaint) against the p95 of a bare "
                f"QTextEdit + QTableView doing the same visible work "
                f"(floor median {median(floors) * 1000:.1f} ms)"
            ),
        ),
        Metric(
            "create_annotation_10k_median",
            median(values),
            median(floors),
            None,
            detail=f"median of the same {len(values)}, against the floor's median",
        ),
        Metric(
            "create_annotation_10k_floor",
            p95(floors),
            p95(bases),
            None,
            detail="the floor's p95 against a raw sqlite3 insert + commit and one mergeCharFormat",
        ),
    ]


def _bare_annotator(
    window: MainWindow, pane: ArticlePane, text: str, insert: Callable[[int, int, int], None]
) -> BareAnnotator:
    """The floor: stock Qt widgets sized and filled as the window's pane and table."""
    from bare_annotator import BareAnnotator

    table = window.annotations_dock.table
    proxy = table.model()
    model = window.annotations_dock.model
    rows, keys = [], []
    columns = range(proxy.columnCount())
    for row in range(proxy.rowCount()):
        rows.append([str(proxy.index(row, column).data() or "") for column in columns])
        source_row = proxy.mapToSource(proxy.index(row, 0)).row()
        keys.append(model.reading_key(model.annotation(source_row)))
    view = pane.text_view
    tag_name = window.controller.tags()[0].name  # the tag every new annotation gets
    title = window.controller.library.article(pane.article_id).title

    def new_row(quote: str) -> list[str]:
        return [tag_name, quote, "", title]

    sizes = (view.viewport().size(), table.viewport().size())
    floor = BareAnnotator(text, rows, keys, *sizes, insert, view.document(), new_row)
    assert floor.viewport_sizes() == sizes, (floor.viewport_sizes(), sizes)
    formats = _formats_by_tag(window.controller.tag_map())
    floor.highlight(
        [
            (a.start, a.end, formats[a.tag_ids[0]])
            for a in window.controller.annotations_for(pane.article_id)
            if a.start is not None and a.end is not None and a.tag_ids
        ]
    )
    return floor


# -- exports -------------------------------------------------------------------------------

# Writers that read as their own definition (no memos, no pausing the collector) are
# worth more than the last milliseconds: an export may take up to 8× the raw dump.
EXPORT_TARGET = 8.0

# The rows an export reads: every annotation with its article, its tags and its links.
BASELINE_QUERY = """
SELECT a.id, a.iri, a.article_id, ar.title, ar.iri, a.start, a."end", a.exact, a.prefix,
       a.suffix, a.note, a.author, a.state, a.created, a.modified,
       (SELECT group_concat(t.name, '; ') FROM annotation_tags x JOIN tags t ON t.id = x.tag_id
        WHERE x.annotation_id = a.id),
       (SELECT group_concat(l.type || ' ' || o.iri, '; ') FROM links l
        JOIN annotations o ON o.id = l.target_id WHERE l.source_id = a.id)
FROM annotations a LEFT JOIN articles ar ON ar.id = a.article_id
ORDER BY a.article_id, a.start
"""


def _raw_export(path: Path, output: Path) -> Callable[[], None]:
    def run() -> None:
        with contextlib.closing(sqlite3.connect(path)) as conn:
            rows = conn.execute(BASELINE_QUERY).fetchall()
        output.write_bytes(json.dumps(rows, ensure_ascii=False).encode("utf-8"))

    return run


def _export_figure(
    name: str,
    generated: synth.Generated,
    fmt: str,
    reps: int,
    clock: Clock,
    target: float | None,
) -> Metric:
    from xiaomi_reader.export import export_library

    out = generated.path.parent / f"export.{fmt}"
    raw = _raw_export(generated.path, generated.path.parent / "export-baseline.json")
    values, bases = [], []
    with contextlib.closing(Library.open(generated.path)) as library:
        for n in range(reps + 1):
            value = clock.product(lambda: export_library(library, fmt, out))
            base = Clock.baseline(raw)
            assert out.stat().st_size > 0
            if n:  # the first round is the warm-up
                values.append(value)
                bases.append(base)
    return Metric(name, median(values), median(bases), target, detail=f"median of {reps}")


def exports(ws: Workspace, plan: Plan, clock: Clock, formats: tuple[str, ...]) -> list[Metric]:
    metrics = []
    for fmt in formats:
        if fmt == "pdf":
            generated = ws.pdf_small if plan.pdf_annotations == 2_000 else ws.big
            count = generated.annotation_count
            name = f"export_pdf_{count // 1000}k"
            progress(f"{name}: {plan.pdf_reps} repetitions…")
            metrics.append(_export_figure(name, generated, fmt, plan.pdf_reps, clock, None))
        else:
            name = f"export_{fmt}_10k"
            progress(f"{name}: {plan.export_reps} repetitions…")
            metrics.append(
                _export_figure(name, ws.big, fmt, plan.export_reps, clock, EXPORT_TARGET)
            )
    return [] if clock.profiler is not None else metrics


# -- importing articles --------------------------------------------------------------------


def import_articles(ws: Workspace, plan: Plan, clock: Clock) -> list[Metric]:
    paths = ws.article_files
    progress(f"import_1k_articles: {plan.reps} repetitions…")

    def baseline() -> None:
        for path in paths:
            with open(path, "rb") as handle:
                hashlib.sha256(handle.read()).hexdigest()

    def floor(library: Path) -> None:
        import_plainly(library, paths)

    return time_imports(
        "import_1k_articles", ws.root, paths, plan.reps, clock, baseline, 5.0, floor
    )


def import_pages(ws: Workspace, plan: Plan, clock: Clock) -> list[Metric]:
    return web_pages.import_pages(ws.root, plan.reps, clock)


# -- the catalogue -------------------------------------------------------------------------

Runner = Callable[[Workspace, Plan, Clock], list[Metric]]


def catalogue(plan: Plan) -> list[tuple[tuple[str, ...], Runner]]:
    """Each runner with the names of the figures it yields, in the table's order."""
    pdf = "export_pdf_2k" if plan.pdf_annotations == 2_000 else "export_pdf_10k"

    def export_runner(fmt: str) -> Runner:
        return lambda ws, p, clock: exports(ws, p, clock, (fmt,))

    return [
        (("cold_start", "peak_memory"), cold_start),
        (("open_article_5k",), open_article),
        (
            (
                "create_annotation_10k",
                "create_annotation_10k_median",
                "create_annotation_10k_floor",
            ),
            create_annotation,
        ),
        *(((f"export_{fmt}_10k",), export_runner(fmt)) for fmt in EXPORT_FORMATS),
        ((pdf,), export_runner("pdf")),
        (("import_1k_articles", "import_1k_articles_floor"), import_articles),
        (("import_100_pages",), import_pages),
        (("update_article_5k",), reanchoring_figure.update_article),
    ]
