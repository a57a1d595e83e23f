"""One cold start, run in its own process by ``run.py``: the product's or the bare baseline's.

    python coldstart_child.py app DB_PATH [--profile]
    python coldstart_child.py bare TEXT_FILE TEXT_FILE TEXT_FILE
    python coldstart_child.py launcher

The launcher is a small process that ``run.py`` starts before it loads anything, and
that spawns the cold starts for it. On Linux a new process inherits the peak resident
size of the process it was spawned from (``ru_maxrss`` survives ``fork``/``vfork`` and
``exec``), so children spawned straight from the harness, which holds Qt and the
libraries, would all report at least the harness's own size.

It prints one JSON line: ``painted`` (``time.monotonic()`` once the main window has
painted; the parent compares it to its own clock reading just before spawning this
process) and ``maxrss_kib`` (``ru_maxrss`` at that moment), then exits at once.

``app`` runs the real command line (``xiaomi_reader.cli.main``), so whatever start-up
order the product chooses is what gets timed. The window counts as painted at the end
of the first paint pass in which every pane shows its article with its highlights
drawn. With ``--profile`` a pyinstrument profile of the start-up goes to stderr.

Nothing is imported here before the clock starts that the product would not import
itself, and the product decides when Qt is loaded (it opens the library first: PySide6
makes every import after its own slower). So the paint watcher is installed through an
audit hook, at the first import after the product has made its QApplication; the hook
costs well under a millisecond. The watcher is an application-wide event filter: ~1.4 µs
per event, a few milliseconds over the ~3,000 events of the product's start and well
under one for the bare window's.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time

TIMEOUT_MS = 120_000


def _report(profiler: object | None) -> None:
    painted = time.monotonic()
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if profiler is not None:
        profiler.stop()  # type: ignore[attr-defined]
        sys.stderr.write(profiler.output_text(unicode=True, color=False))  # type: ignore[attr-defined]
    sys.stdout.write(json.dumps({"painted": painted, "maxrss_kib": maxrss}) + "\n")
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)  # no teardown, no saved window state: only the start is measured


def _watch_paints(ready: object, profiler: object | None) -> None:
    """Report at the end of the first paint pass of a main window that is ``ready()``."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    class PaintWatcher(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.pass_pending = False
            self.ready_in_pass = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                event.type() == QEvent.Type.Paint
                and not self.pass_pending
                and isinstance(watched, QWidget)
                and watched.window().inherits("QMainWindow")
            ):
                self.pass_pending = True
                # Checked before this pass paints, so the pass shows what was checked.
                self.ready_in_pass = bool(ready(watched.window()))  # type: ignore[operator]
                # A paint pass runs to its end without returning to the event loop.
                QTimer.singleShot(0, self.end_of_pass)
            return False

        def end_of_pass(self) -> None:
            self.pass_pending = False
            if self.ready_in_pass:
                _report(profiler)

    app = QApplication.instance()
    assert app is not None
    watcher = PaintWatcher()
    app.installEventFilter(watcher)
    _keep.append(watcher)

    def give_up() -> None:
        sys.stderr.write("coldstart_child: the window never became ready\n")
        os._exit(1)

    QTimer.singleShot(TIMEOUT_MS, give_up)


_keep: list[object] = []


def _watch_once_qt_has_started(ready: object, profiler: object | None) -> None:
    """Watch paints from the first import after the product has made its QApplication."""
    installed = False

    def hook(event: str, _args: tuple[object, ...]) -> None:
        nonlocal installed
        if installed or event != "import" or "PySide6.QtWidgets" not in sys.modules:
            return
        from PySide6.QtWidgets import QApplication  # the product's: loaded already

        if QApplication.instance() is not None:
            installed = True
            _watch_paints(ready, profiler)

    sys.addaudithook(hook)


def _app_ready(window: object) -> bool:
    """Every pane shows an article and the first annotation of each is highlighted."""
    from PySide6.QtCore import Qt

    panes = getattr(window, "panes", None)
    controller = getattr(window, "controller", None)
    if not panes or controller is None:
        return False
    try:
        for pane in panes:
            article_id = pane.article_id
            if article_id is None:
                return False
            annotations = [a for a in controller.annotations_for(article_id) if a.start is not None]
            if not annotations:
                return False
            first = min(annotations, key=lambda a: a.start)
            if pane.char_format_at(first.start).background().style() == Qt.BrushStyle.NoBrush:
                return False
    except (AttributeError, RuntimeError):  # not built yet: not ready
        return False
    return True


def run_app(db: str, profile: bool) -> None:
    profiler = None
    if profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.001)
        profiler.start()
    _watch_once_qt_has_started(_app_ready, profiler)
    from xiaomi_reader.cli import main

    main(["--db", db])
    sys.stderr.write("coldstart_child: the window closed before it was ready\n")
    os._exit(1)


def run_bare(paths: list[str]) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QMainWindow, QSplitter, QTextBrowser

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1440, 880)
    splitter = QSplitter(Qt.Orientation.Horizontal, window)
    for path in paths:
        view = QTextBrowser(splitter)
        with open(path, encoding="utf-8") as handle:
            view.setPlainText(handle.read())
    window.setCentralWidget(splitter)
    _watch_paints(lambda _window: True, None)
    window.show()
    app.exec()
    os._exit(1)


def run_launcher() -> None:
    """Spawn each command read from stdin (one JSON list a line); answer with one JSON line."""
    for line in sys.stdin:
        argv = json.loads(line)
        spawned = time.monotonic()
        done = subprocess.run(argv, capture_output=True, text=True, check=False)
        answer = {
            "spawned": spawned,
            "returncode": done.returncode,
            "stdout": done.stdout,
            "stderr": done.stderr,
        }
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


def main() -> None:
    mode, *rest = sys.argv[1:]
    if mode == "launcher":
        run_launcher()
    elif mode == "app":
        run_app(rest[0], "--profile" in rest[1:])
    elif mode == "bare":
        run_bare(rest)
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main()
