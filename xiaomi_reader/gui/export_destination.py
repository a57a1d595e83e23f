"""Where an export goes: the file name's extension kept in step with the format, and a
question before an existing file is replaced."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from xiaomi_reader.core.display import display_name
from xiaomi_reader.gui.export_choices import BY_KEY

REPLACE_BOX_NAME = "ReplaceFileQuestion"

# Every extension a format is known by (its file filter's patterns): ".json" is W3C too.
_EXTENSIONS: dict[str, str] = {
    pattern.removeprefix("*").lower(): choice.key
    for choice in BY_KEY.values()
    for pattern in re.findall(r"\*\.\w+", choice.file_filter)
}
# What passes for a file type ending: ".txt" is one, the ".2" of "draft v1.2" is not.
_LOOKS_LIKE_EXTENSION = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,7}")


def format_of(path: Path) -> str | None:
    """The format a file name's extension names (".htm" is HTML); None for any other."""
    return _EXTENSIONS.get(path.suffix.lower())


def with_format_extension(path: Path, fmt: str) -> Path:
    """``path`` ending as a ``fmt`` file: an extension of that format is kept as typed,
    any other file type ending is replaced, and a name without one gets the format's."""
    if format_of(path) == fmt:
        return path
    extension = BY_KEY[fmt].extension
    if _LOOKS_LIKE_EXTENSION.fullmatch(path.suffix):
        return path.with_suffix(extension)
    return path.with_name(path.name + extension)


def confirm_replace(parent: QWidget, path: Path) -> bool:
    """Ask before ``path``, which exists, is written over; Cancel is the default answer."""
    box = QMessageBox(parent)
    box.setObjectName(REPLACE_BOX_NAME)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Replace File?")
    box.setText(f"{display_name(path)} already exists. Replace it with this export?")
    box.setInformativeText("Cancel leaves the file as it is.")
    replace = box.addButton("&Replace", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    answer = box.clickedButton() is replace
    box.deleteLater()
    return answer
