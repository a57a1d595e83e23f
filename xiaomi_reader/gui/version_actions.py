"""Article → Update from Its Address, Update from File… and Versions…, for the focused pane.

The new text goes through the controller as one undoable command; the summary line
(the command line's words) goes to the status bar, and the annotations that need a
reader's eye open in the review dialog. A page is fetched off the GUI thread, as File →
Import from URL… fetches.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from xiaomi_reader.core import records
from xiaomi_reader.gui.controller import LibraryController
from xiaomi_reader.gui.import_articles import IMPORT_FILTER
from xiaomi_reader.gui.reading_area import ReadingArea

if TYPE_CHECKING:
    from xiaomi_reader.core.articles import ParsedArticle
    from xiaomi_reader.gui.compare_dialog import CompareDialog
    from xiaomi_reader.gui.review_dialog import ReviewDialog
    from xiaomi_reader.gui.url_fetcher import UrlFetcher
    from xiaomi_reader.gui.versions_dialog import VersionsDialog

__all__ = ["NO_ADDRESS", "NO_ARTICLE", "ONE_VERSION", "VersionActions"]

NO_ARTICLE = "Open an article in a pane first: updating replaces its text with a newer one."
ONE_VERSION = (
    "This article has one version: there is nothing to compare until it is updated "
    "(Article → Update from Its Address or Update from File…)."
)
NO_ADDRESS = "This article has no web address to fetch again; update it from a file instead."


class VersionActions(QObject):
    message = Signal(str)  # for the status bar

    def __init__(
        self,
        controller: LibraryController,
        reading: ReadingArea,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._reading = reading
        self._window = parent
        self.file_dialog: QFileDialog | None = None
        self.review: ReviewDialog | None = None
        self.versions: VersionsDialog | None = None
        self.compared: CompareDialog | None = None
        self._fetcher: UrlFetcher | None = None
        self._fetching: int | None = None  # the article whose page is being fetched

    def _article_id(self) -> int | None:
        pane = self._reading.current_pane
        article_id = pane.article_id if pane is not None else None
        if article_id is None:
            self._controller.report(NO_ARTICLE)
        return article_id

    # -- the new text --------------------------------------------------------------

    def update_from_file(self) -> None:
        """Ask for the file (window-modal, not blocking); it is read once chosen."""
        article_id = self._article_id()
        if article_id is None:
            return
        dialog = QFileDialog(self._window, "Update Article from File")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(IMPORT_FILTER.split(";;"))
        dialog.fileSelected.connect(lambda path: self.update_from_path(article_id, path))
        self.file_dialog = dialog
        dialog.open()

    def update_from_path(self, article_id: int, path: str) -> None:
        from xiaomi_reader.core.articles import ArticleRefused, parse_article_file

        try:
            parsed = parse_article_file(path)
        except ArticleRefused as exc:
            self._controller.report(f"The article was not updated: {exc}")
            return
        self.update(article_id, parsed)

    def update_from_address(self) -> None:
        """Fetch the article's page again, off the GUI thread."""
        from xiaomi_reader.gui.url_fetcher import UrlFetcher

        article_id = self._article_id()
        if article_id is None or self._fetching is not None:
            return
        controller = self._controller
        article = controller.attempt(lambda: controller.library.article(article_id))
        if article is None:
            return
        if not article.url:
            controller.report(NO_ADDRESS)
            return
        if self._fetcher is None:
            self._fetcher = UrlFetcher(self)
            self._fetcher.read.connect(self._fetched)
            self._fetcher.finished.connect(self._fetch_finished)
        self._fetching = article_id
        self.message.emit(f"Fetching {article.url} …")
        self._fetcher.start([article.url])

    def _fetched(self, _index: int, parsed: ParsedArticle | None, refusal: str) -> None:
        article_id = self._fetching
        if article_id is None:
            return
        if parsed is None:
            self._controller.report(f"The article was not updated: {refusal}")
        else:
            self.update(article_id, parsed)

    def _fetch_finished(self, _cancelled: bool) -> None:
        self._fetching = None

    def wait(self) -> None:
        """Let a fetch still running end (the window is closing)."""
        if self._fetcher is not None:
            self._fetcher.cancel()
            self._fetcher.wait()

    def update(self, article_id: int, parsed: ParsedArticle) -> None:
        """The new text as the article's next version: one undo step; then say how it went."""
        from xiaomi_reader.core.version_summary import summary_line

        outcome = self._controller.update_article(article_id, parsed)
        if outcome is None:
            return
        summary = summary_line(outcome)
        self.message.emit(summary)
        if outcome.review:
            self.show_review([a.id for a in outcome.review], summary)

    # -- what needs a reader's eye, and the versions -----------------------------------

    def show_review(self, annotation_ids: list[int], summary: str) -> None:
        """The review dialog for these annotations, under the update's ``summary`` line
        (empty: none)."""
        from xiaomi_reader.gui.review_dialog import ReviewDialog

        if self.review is not None:
            self.review.close()
        self.review = ReviewDialog(self._controller, summary, annotation_ids, self._window)
        self.review.open()

    def review_if_waiting(self, annotation_id: int) -> None:
        """An annotation chosen in the dock that waits for review: offer its place again."""
        annotation = self._controller.annotation(annotation_id)
        if annotation is not None and annotation.state is records.AnnotationState.NEEDS_REVIEW:
            self.show_review([annotation_id], summary="")

    def show_versions(self) -> None:
        from xiaomi_reader.gui.versions_dialog import VersionsDialog

        article_id = self._article_id()
        if article_id is None:
            return
        if self.versions is not None:
            self.versions.close()
        self.versions = VersionsDialog(self._controller, article_id, self._window)
        self.versions.open()

    def compare(self) -> None:
        """The version before the current one beside it."""
        from xiaomi_reader.gui.compare_dialog import CompareDialog

        article_id = self._article_id()
        if article_id is None:
            return
        controller, shown = self._controller, article_id
        versions = controller.attempt(lambda: controller.library.versions(shown)) or []
        if len(versions) < 2:
            if versions:
                controller.report(ONE_VERSION)
            return
        chosen = versions[-2].number
        if self.compared is not None:
            self.compared.close()
        self.compared = controller.attempt(
            lambda: CompareDialog(controller, shown, chosen, self._window)
        )
        if self.compared is not None:
            self.compared.destroyed.connect(self._forget_compared)
            self.compared.open()

    def _forget_compared(self) -> None:
        self.compared = None
