"""Article → View Original…: for the article in the focused pane, kept up to date.

The action is enabled only when that article has an original; otherwise its tooltip
says why. Knowing costs one small read (no bytes) when the focused pane or its article
changes, or the menu opens.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from xiaomi_reader.core import records
from xiaomi_reader.gui.controller import LibraryController
from xiaomi_reader.gui.reading_area import ReadingArea
from xiaomi_reader.gui.window_menus import WindowMenus

__all__ = ["NO_ARTICLE", "NO_ORIGINAL", "OriginalAction"]

TIP = "Save or open the file or web page this article was read from"
NO_ARTICLE = "Open an article in a pane first: View Original shows what it was read from."
NO_ORIGINAL = (
    "This article was imported before xiaomi-reader kept originals; import its file or "
    "address again to keep one."
)


class OriginalAction(QObject):
    message = Signal(str)  # for the status bar

    def __init__(
        self,
        controller: LibraryController,
        reading: ReadingArea,
        menus: WindowMenus,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._reading = reading
        self._action = menus.view_original_action
        self._window = parent
        self._info: records.OriginalInfo | None = None
        self.dialog: QWidget | None = None
        menus.article_menu.setToolTipsVisible(True)  # the reason a disabled entry is disabled
        menus.article_menu.aboutToShow.connect(self.refresh)  # the window's _connect wires the rest
        self.refresh()

    def _article_id(self) -> int | None:
        pane = self._reading.current_pane
        return pane.article_id if pane is not None else None

    def refresh(self) -> None:
        """Enable the action for an article with an original; say why not otherwise."""
        article_id = self._article_id()
        self._info = None
        if article_id is not None:
            library = self._controller.library
            self._info = self._controller.attempt(lambda: library.original_info(article_id))
        self._action.setEnabled(self._info is not None)
        tip = NO_ARTICLE if article_id is None else NO_ORIGINAL if self._info is None else TIP
        self._action.setToolTip(tip)
        self._action.setStatusTip(tip)

    def view(self) -> None:
        """Show the dialog for the focused pane's article (window-modal, not blocking)."""
        from xiaomi_reader.gui.original_dialog import OriginalDialog

        self.refresh()  # the library may have changed since the menu was shown
        article_id, info = self._article_id(), self._info
        if article_id is None or info is None:
            return
        controller = self._controller
        article = controller.attempt(lambda: controller.library.article(article_id))
        if article is None:
            return
        dialog = OriginalDialog(controller, article, info, self._window)
        dialog.message.connect(self.message)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
