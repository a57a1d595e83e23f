"""A reader annotating in the window while another program writes to the same library.

The reader (driven with real key presses on the window's widgets) adds annotations,
presses tag keys in passages and types notes; another process adds annotations, tags
passages and appends to notes, on the same few passages. Both only ever *add*, and
never the same thing twice, so at the end every change either of them made must still
be in the library, and the window must show exactly what the library holds.

The test suite runs a few seconds of it offscreen. For a longer run in a real window::

    QT_QPA_PLATFORM=xcb xvfb-run -a .venv/bin/python -m tests.reliability.concurrent_session \
        --seconds 120 --db /tmp/session.sqlite3 --screenshot /tmp/session.png
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from tests.helpers import child_env
from xiaomi_reader.core import records
from xiaomi_reader.core.anchoring import OffsetMap
from xiaomi_reader.gui.article_pane import ArticlePane
from xiaomi_reader.gui.main_window import MainWindow
from xiaomi_reader.store.library import Library

# The reader's tags, with their keys, and the other program's; both work on the same few
# passages (the oldest ones), so that their changes meet as often as possible.
READER_TAGS = {"Check": "3", "Source": "4", "Date": "5", "Name": "6"}
WRITER_TAGS = ("Contradiction", "Disputed", "Verified", "Retracted")
HOT = 8

# The other program: for argv[2] seconds, one small change every 20-120 ms, each
# logged as a JSON line (what must still be true at the end).
WRITER = """
import json, random, sys, time
from xiaomi_reader.store.library import Library
db, seconds, seed = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
deadline = time.monotonic() + seconds
with Library.open(db) as lib:
    names = ("Contradiction", "Disputed", "Verified", "Retracted")
    tags = [t.id for t in lib.tags() if t.name in names]
    articles = [(a.id, len(lib.article(a.id).text)) for a in lib.articles()]
    n = 0
    added = set()
    while time.monotonic() < deadline:
        n += 1
        kind = rng.choice(["add", "tag", "note"])
        existing = sorted(lib.annotations(), key=lambda a: a.id)[:8]
        if kind == "add" or not existing:
            article_id, length = rng.choice(articles)
            start = rng.randrange(0, length - 20)
            a = lib.add_annotation(article_id, start, start + rng.randint(3, 15), note=f"w{n}")
            print(json.dumps({"id": a.id, "note": f"w{n}"}), flush=True)
        elif kind == "tag":
            a = rng.choice(existing)
            tag = rng.choice(tags)
            if (a.id, tag) in added:  # never twice: a lost tag must stay lost, to be seen
                continue
            added.add((a.id, tag))
            lib.set_annotation_tags(a.id, sorted({*a.tag_ids, tag}), replacing=a.tag_ids)
            print(json.dumps({"id": a.id, "tag": tag}), flush=True)
        else:
            a = rng.choice(existing)
            lib.set_note(a.id, f"{a.note} w{n}".strip(), replacing=a.note)
            print(json.dumps({"id": a.id, "note": f"w{n}"}), flush=True)
        time.sleep(rng.uniform(0.02, 0.12))
"""


@dataclass
class Expectations:
    """What must hold at the end: these annotations carry these tags and note words."""

    tags: dict[int, set[int]] = field(default_factory=dict)
    notes: dict[int, set[str]] = field(default_factory=dict)
    annotations: set[int] = field(default_factory=set)

    def record(self, annotation_id: int, tag: int | None = None, note: str | None = None) -> None:
        self.annotations.add(annotation_id)
        if tag is not None:
            self.tags.setdefault(annotation_id, set()).add(tag)
        if note is not None:
            self.notes.setdefault(annotation_id, set()).add(note)

    def broken(self, library: Library) -> list[str]:
        """Every expectation the library no longer meets."""
        held = {a.id: a for a in library.annotations()}
        problems = [f"annotation {i} is gone" for i in sorted(self.annotations - set(held))]
        for annotation_id, tags in self.tags.items():
            lost = tags - set(held[annotation_id].tag_ids) if annotation_id in held else set()
            if lost:
                problems.append(f"annotation {annotation_id} lost tags {sorted(lost)}")
        for annotation_id, words in self.notes.items():
            if annotation_id in held:
                kept = set(held[annotation_id].note.split())
                problems += [f"annotation {annotation_id} lost {w!r}" for w in words - kept]
        return problems


class Reader:
    """One person at the window: a random small action each time :meth:`act` is called."""

    def __init__(self, window: MainWindow, seed: int) -> None:
        self.window = window
        self.keys = {t.id: t.shortcut for t in window.library.tags() if t.name in READER_TAGS}
        self.rng = random.Random(seed)
        self.expected = Expectations()
        self.count = 0

    def act(self) -> None:
        self.count += 1
        action = self.rng.choice([self.annotate, self.add_tag, self.add_tag, self.write_note])
        action()

    def _hot(self) -> list[records.Annotation]:
        return sorted(self.window.controller.annotations(), key=lambda a: a.id)[:HOT]

    def _pane(self) -> tuple[ArticlePane, str]:
        pane = self.rng.choice([p for p in self.window.panes if p.article_id is not None])
        assert pane.article_id is not None
        return pane, self.window.library.article(pane.article_id).text

    def _place(self, pane: ArticlePane, start: int, end: int | None = None) -> None:
        assert pane.article_id is not None
        offsets = OffsetMap(self.window.library.article(pane.article_id).text)
        cursor = pane.text_view.textCursor()
        cursor.setPosition(offsets.to_utf16(start))
        if end is not None:
            cursor.setPosition(offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        pane.text_view.setTextCursor(cursor)
        pane.text_view.setFocus()

    def annotate(self) -> None:
        pane, text = self._pane()
        start = self.rng.randrange(0, len(text) - 20)
        end = start + self.rng.randint(3, 12)
        before = {a.id for a in self.window.controller.annotations()}
        self._place(pane, start, end)
        QTest.keyClick(pane.text_view, Qt.Key.Key_1)
        for annotation in self.window.controller.annotations():
            if annotation.id not in before and (annotation.start, annotation.end) == (start, end):
                self.expected.record(annotation.id)

    def add_tag(self) -> None:
        """Put the caret in one of the passages and press the key of a tag it lacks."""
        hot = self._hot()
        for annotation in self.rng.sample(hot, min(len(hot), 4)):
            # Never the same tag twice: a lost tag must stay lost, to be seen.
            missing = [
                tag
                for tag in self.keys
                if tag not in annotation.tag_ids
                and tag not in self.expected.tags.get(annotation.id, ())
            ]
            panes = [p for p in self.window.panes if p.article_id == annotation.article_id]
            if not missing or not panes:
                continue
            # A character covered by just this passage, so the key goes to it.
            for cp in range(annotation.start, annotation.end):
                if panes[0].annotation_ids_at(cp) == [annotation.id]:
                    tag = self.rng.choice(missing)
                    self._place(panes[0], cp)
                    QTest.keyClicks(panes[0].text_view, self.keys[tag] or "")
                    self.expected.record(annotation.id, tag=tag)
                    return

    def write_note(self) -> None:
        annotations = self._hot()
        if not annotations:
            return
        annotation = self.rng.choice(annotations)
        dock = self.window.annotations_dock
        dock.select_annotation(annotation.id)
        if dock.selected_ids() != [annotation.id]:  # not listed: nothing to type in
            return
        dock.note.setFocus()
        dock.note.moveCursor(QTextCursor.MoveOperation.End)
        word = f"u{self.count}"
        QTest.keyClicks(dock.note, f" {word}")
        dock.save_note()
        self.expected.record(annotation.id, note=word)


def add_session_tags(library: Library) -> None:
    """The reader's tags (with keys) and the other program's, on a fresh library."""
    for name, key in READER_TAGS.items():
        library.add_tag(name, "#22aa22", shortcut=key)
    for name in WRITER_TAGS:
        if name not in {tag.name for tag in library.tags()}:
            library.add_tag(name, "#aa2222")


def window_matches_library(window: MainWindow) -> list[str]:
    """Differences between what the window shows and what the library holds."""
    held = {a.id: a for a in window.library.annotations()}
    shown = {a.id: a for a in window.controller.annotations()}
    problems = []
    if set(held) != set(shown):
        problems.append(f"window shows {len(shown)} annotations, library holds {len(held)}")
    problems += [f"annotation {i} differs" for i in held if i in shown and held[i] != shown[i]]
    if window.annotations_dock.model.rowCount() != len(held):
        problems.append("the Annotations list does not list every annotation")
    return problems


def run_session(window: MainWindow, db_path: Path, seconds: float, seed: int = 1) -> list[str]:
    """Run reader and writer together; returns every problem found (none is the goal)."""
    library = window.library
    reader = Reader(window, seed)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path), str(seconds), str(seed + 1)],
        stdout=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        reader.act()
        QCoreApplication.processEvents()
        QTest.qWait(reader.rng.randint(20, 120))
    out, _ = writer.communicate(timeout=60)
    if writer.returncode != 0:
        return [f"the other program failed with status {writer.returncode}"]
    window.check_for_outside_changes()
    QTest.qWait(50)
    expected = reader.expected
    for line in out.splitlines():
        entry = json.loads(line)
        expected.record(entry["id"], tag=entry.get("tag"), note=entry.get("note"))
    return expected.broken(library) + window_matches_library(window)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--screenshot", type=Path)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv)
    args.db.unlink(missing_ok=True)
    library = Library.open(args.db)
    add_session_tags(library)
    window = MainWindow(library)
    window.resize(1500, 900)
    window.show()
    QTest.qWaitForWindowExposed(window)
    problems = run_session(window, args.db, args.seconds)
    if args.screenshot:
        window.grab().save(str(args.screenshot))
    held = library.annotations()
    print(f"{len(held)} annotations; window and library agree: {not problems}")
    for problem in problems:
        print("PROBLEM:", problem)
    window.close()
    library.close()
    del app
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
