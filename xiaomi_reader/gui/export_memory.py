"""What the export dialog remembers between exports and runs: the last format and folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from xiaomi_reader.gui.export_choices import BY_KEY
from xiaomi_reader.paths import config_dir

SETTINGS_FILE = "export.ini"


def settings() -> QSettings:
    # An ini file in our own config folder, as the window's state is kept (and redirected).
    return QSettings(str(config_dir() / SETTINGS_FILE), QSettings.Format.IniFormat)


def last_format() -> str | None:
    """The format of the last export, if it is still one the dialog offers."""
    value = settings().value("export/format", "")
    return value if isinstance(value, str) and value in BY_KEY else None


def last_folder() -> Path | None:
    """The folder of the last export, if it is still a folder."""
    value = settings().value("export/folder", "")
    if not isinstance(value, str) or not value:
        return None
    folder = Path(value)
    return folder if folder.is_absolute() and folder.is_dir() else None


def remember(fmt: str, written: Path) -> None:
    """Note a finished export: its format, and the folder it was written to."""
    store = settings()
    store.setValue("export/format", fmt)
    store.setValue("export/folder", str(written.parent))
    store.sync()
