"""The main window: the library's articles side by side in read-only panes."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QSplitter, QTextBrowser

from xiaomi_reader.store.library import Library

MAX_INITIAL_PANES = 3


class MainWindow(QMainWindow):
    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.setWindowTitle("xiaomi-reader")
        self.resize(1400, 850)
        self.splitter = QSplitter(self)
        self.splitter.setAccessibleName("Reading area")
        self.setCentralWidget(self.splitter)
        for summary in library.articles()[:MAX_INITIAL_PANES]:
            article = library.article(summary.id)
            pane = QTextBrowser(self.splitter)
            pane.setOpenLinks(False)
            pane.setPlainText(article.text)
            pane.setDocumentTitle(article.title)
            pane.setAccessibleName(f"Article: {article.title}")
            self.splitter.addWidget(pane)
        self.statusBar().showMessage(f"Library: {library.path or 'database'}")
