"""The program's log: a rotating file in the user's log folder, and stderr with ``--debug``.

What goes in: libraries opened, backups made or missed, and every error with its
traceback, so that a report of a problem can come with the details. Notes, quotes
and article texts are never logged.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from xiaomi_reader.paths import log_dir

LOG_FILE_NAME = "xiaomi-reader.log"
MAX_BYTES = 1024 * 1024
BACKUP_COUNT = 3
_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


def setup_logging(*, debug: bool = False) -> Path | None:
    """Log to the rotating file (and to stderr with ``debug``); the file, if it can be kept.

    A log folder that cannot be made (read-only home, full disk) costs the log, never
    the program: the reason goes to stderr and the program goes on.
    """
    root = logging.getLogger("xiaomi_reader")
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    for handler in list(root.handlers):  # set up again (tests, a second main()): no doubles
        root.removeHandler(handler)
        handler.close()
    root.propagate = False
    formatter = logging.Formatter(_FORMAT)
    if debug:
        to_stderr = logging.StreamHandler(sys.stderr)
        to_stderr.setFormatter(formatter)
        root.addHandler(to_stderr)
    path = log_dir() / LOG_FILE_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"xiaomi-reader: warning: no log file ({exc.strerror or exc})", file=sys.stderr)
        return None
    to_file = _LogFile(path)
    to_file.setFormatter(formatter)
    root.addHandler(to_file)
    return path


class _LogFile(logging.Handler):
    """The rotating log file, opened by the first message: most runs log nothing, and
    ``logging.handlers`` costs ~8 ms to import before the window's first paint."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._path = path
        self._file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None:
            from logging.handlers import RotatingFileHandler

            self._file = RotatingFileHandler(
                self._path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
            )
            self._file.setFormatter(self.formatter)
        self._file.emit(record)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()
