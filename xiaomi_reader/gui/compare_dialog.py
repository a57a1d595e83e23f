"""Article → Compare Versions…: an earlier version beside the current one.

Two article panes side by side: the earlier version on the left with the words that went
struck through on red, the current one on the right with the words that came underlined on
green, and a connector from each annotation's place on the earlier version to its place
now. Both panes are for reading only (an earlier version is evidence of what the page said;
the current one is annotated in the window's reading area). The same dialog shows an
earlier version on its own, with its annotations highlighted where they were on it.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QSplitter, QVBoxLayout, QWidget

from xiaomi_reader.core import records
from xiaomi_reader.core.text_diff import Op, changes, diff_texts, whole_words
from xiaomi_reader.core.version_summary import ArticleVersion
from xiaomi_reader.gui.article_pane import ArticlePane
from xiaomi_reader.gui.controller import LibraryController
from xiaomi_reader.gui.version_marks import PlaceConnectors, mark_edits

__all__ = ["CompareDialog", "version_line"]

_ANCHORED = records.AnnotationState.ANCHORED


def version_line(version: ArticleVersion, total: int) -> str:
    """``Version 1 of 3 · imported 2026-12-05 09:40 UTC`` (or fetched)."""
    how, when = ("fetched", version.fetched_at) if version.fetched_at else ("imported", None)
    when = when or version.imported_at
    return f"Version {version.number} of {total} · {how} {when:%Y-%m-%d %H:%M UTC}"


class CompareDialog(QDialog):
    """Version ``number`` of an article beside its current version (or alone: ``alone``)."""

    def __init__(
        self,
        controller: LibraryController,
        article_id: int,
        number: int,
        parent: QWidget | None = None,
        *,
        alone: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        library = controller.library
        versions = library.versions(article_id)
        old_article, placed = library.old_version(article_id, number)
        # Each annotation's place on that version, drawn whatever became of it later.
        on_old = [replace(a, state=_ANCHORED) for a in placed if a.start is not None]
        tags = controller.tag_map()
        total = len(versions)
        self.old_pane = self._pane(old_article, on_old, tags, versions[number - 1], total)
        self.new_pane: ArticlePane | None = None
        self.connectors: PlaceConnectors | None = None
        title = old_article.title or "Untitled"
        layout = QVBoxLayout(self)
        # The overlay sits over this holder: a child of the splitter would become a pane.
        holder = QWidget(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, holder)
        holds = QVBoxLayout(holder)
        holds.setContentsMargins(0, 0, 0, 0)
        holds.addWidget(self.splitter)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.old_pane)
        if alone:
            self.setWindowTitle(f"{title} — version {number} (read-only)")
        else:
            current = library.article(article_id)
            shown = [a for a in controller.annotations_for(article_id) if a.placed]
            self.new_pane = self._pane(current, shown, tags, versions[-1], total)
            self.splitter.addWidget(self.new_pane)
            self.setWindowTitle(f"{title} — version {number} and version {current.version}")
            old_text, new_text = old_article.text, current.text
            found = [
                whole_words(change, old_text, new_text)
                for change in changes(diff_texts(old_text, new_text))
            ]
            self.deleted = mark_edits(self.old_pane.text_view, old_text, found, Op.DELETE)
            self.inserted = mark_edits(self.new_pane.text_view, new_text, found, Op.INSERT)
            layout.addWidget(QLabel(self._legend(), self))
        layout.addWidget(holder, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        if self.new_pane is not None:
            self.connectors = PlaceConnectors(self.old_pane, self.new_pane, holder)
            both = {a.id for a in on_old} & {a.id for a in shown}
            self.connectors.set_annotations(sorted(both))
        self.resize(1100, 640)

    def _legend(self) -> str:
        return (
            f"{self.deleted} deletion{'s' if self.deleted != 1 else ''} struck through on the "
            f"left, {self.inserted} insertion{'s' if self.inserted != 1 else ''} underlined on "
            "the right; lines join each annotation's place then and now."
        )

    def _pane(
        self,
        article: records.Article,
        annotations: list[records.Annotation],
        tags: dict[int, records.Tag],
        version: ArticleVersion,
        total: int,
    ) -> ArticlePane:
        pane = ArticlePane(self)
        pane.show_article(article, annotations, tags)
        pane.set_read_only()
        meta = pane.header.meta.text()
        pane.header.meta.setText(" · ".join(p for p in (version_line(version, total), meta) if p))
        pane.header.meta.setVisible(True)
        return pane
