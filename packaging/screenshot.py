"""Render the main window with a few annotations to a PNG (for the README and AppStream).

    python packaging/screenshot.py resources/screenshots/main-window.png [--dark]

Runs offscreen with a throwaway library and settings folder.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

PASSAGES = (
    ("This is why", "US Department of Defense", "Claim", "The blacklist is the Pentagon's."),
    ("This is why", "US Department of State", "Contradiction", "State, not Defense: a mix-up."),
    ("This is why", "blacklisted", "Claim", ""),
    ("A judge", "United States Department of Defense", "Claim", "Agrees with 001."),
    ("Xiaomi will", "very attractive", "Claim", ""),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--dark", action="store_true", help="use a dark palette")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scratch = Path(tempfile.mkdtemp(prefix="xiaomi-reader-shot-"))
    os.environ["XDG_CONFIG_HOME"] = str(scratch / "config")

    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    from xiaomi_reader.gui.main_window import MainWindow
    from xiaomi_reader.store.library import Library

    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    if args.dark:
        app.setPalette(_dark_palette(QPalette, QColor))
    library = Library.open(scratch / "library.sqlite3")
    window = MainWindow(library)
    tags = {tag.name: tag.id for tag in library.tags()}
    articles = {a.title: a.id for a in library.articles()}
    for title_start, phrase, tag, note in PASSAGES:
        article_id = next(i for t, i in articles.items() if t.startswith(title_start))
        text = library.article(article_id).text
        start = text.index(phrase)
        created = window.controller.create_annotation(
            article_id, start, start + len(phrase), [tags[tag]]
        )
        if created and note:
            window.controller.set_note(created.id, note)
    made = {a.exact: a.id for a in window.controller.annotations()}
    window.controller.create_link(
        made["US Department of State"],
        made["US Department of Defense"],
        "contradicts",
        note="The closing question names the State Department; the list is the Pentagon's.",
    )
    window.controller.create_link(
        made["United States Department of Defense"], made["US Department of Defense"], "supports"
    )
    window.resize(1600, 900)
    window.show()
    for _ in range(3):  # layout, then the header alignment it schedules
        app.processEvents()
    # Bring the Pentagon passage into view with its links, as a reader clicking it would.
    window.reveal_annotation(made["US Department of Defense"])
    window.annotations_dock.select_annotation(made["US Department of Defense"])
    for _ in range(3):
        app.processEvents()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    ok = window.grab().save(str(args.output))
    window.close()
    library.close()
    return 0 if ok else 1


def _dark_palette(palette_type: type, colour: type) -> object:
    palette = palette_type()
    role = palette_type.ColorRole
    for name, value in {
        role.Window: "#202124",
        role.WindowText: "#E8EAED",
        role.Base: "#17181A",
        role.AlternateBase: "#26272B",
        role.Text: "#E8EAED",
        role.Button: "#2A2B2F",
        role.ButtonText: "#E8EAED",
        role.Highlight: "#3D6FB4",
        role.HighlightedText: "#FFFFFF",
        role.PlaceholderText: "#9AA0A6",
        role.ToolTipBase: "#2A2B2F",
        role.ToolTipText: "#E8EAED",
    }.items():
        palette.setColor(name, colour(value))
    return palette


if __name__ == "__main__":
    sys.exit(main())
