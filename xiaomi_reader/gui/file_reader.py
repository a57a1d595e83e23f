"""Reading article files for an import on a worker thread.

The worker only reads and parses files (:func:`~xiaomi_reader.core.articles.
parse_article_file`: pure, no Qt, no library); each file read comes back to the GUI
thread through :class:`~xiaomi_reader.gui.article_worker.ArticleWorker`'s signals,
where :mod:`file_import` stores it through the controller. Cancelling stops the worker
after the file it is reading.
"""

from __future__ import annotations

from collections.abc import Sequence

from xiaomi_reader.core.article_record import ParsedArticle
from xiaomi_reader.gui.article_worker import ArticleWorker, Progress
from xiaomi_reader.web.cancel import Cancellation

__all__ = ["FileReader"]


class FileReader(ArticleWorker):
    """Reads a list of files, one after the other, off the GUI thread."""

    def start(self, paths: Sequence[str]) -> None:
        self._start(paths, _read_file, _unreadable)


def _read_file(
    path: str, _progress: Progress, _cancelled: Cancellation
) -> tuple[ParsedArticle | None, str]:
    from xiaomi_reader.core.articles import ArticleRefused, parse_article_file

    try:
        return parse_article_file(path), ""
    except ArticleRefused as exc:
        return None, str(exc)


def _unreadable(path: str, exc: Exception) -> str:
    from xiaomi_reader.core.article_files import refusal_subject

    return f"{refusal_subject(path)} could not be read ({exc})."
