"""The application icon, read from the installed resources."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from xiaomi_reader.package_files import package_files

ICON_NAME = "io.github.xiaomi_reader"
PNG_SIZES = (16, 32, 48, 64, 128, 256)


def app_icon() -> QIcon:
    """The icon at every size shipped (PNG renders for small sizes, the SVG for the rest).

    Files are added by path, so Qt decodes only the sizes it is asked to draw.
    """
    hicolor = package_files("xiaomi_reader.resources") / "icons" / "hicolor"
    icon = QIcon()
    for size in PNG_SIZES:
        png = hicolor / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"
        if png.is_file():
            icon.addFile(str(png), QSize(size, size))
    svg = hicolor / "scalable" / "apps" / f"{ICON_NAME}.svg"
    if svg.is_file():
        icon.addFile(str(svg))
    return icon
