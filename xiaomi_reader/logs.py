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
    from logging.handlers import RotatingFileHandler

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
        # delay: the file is opened by the first message, not at start-up.
        to_file = RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True
        )
    except OSError as exc:
        print(f"xiaomi-reader: warning: no log file ({exc.strerror or exc})", file=sys.stderr)
        return None
    to_file.setFormatter(formatter)
    root.addHandler(to_file)
    return path
