"""The application icon, read from the installed resources."""

from __future__ import annotations

from importlib import resources

from PySide6.QtGui import QIcon, QPixmap

ICON_NAME = "io.github.xiaomi_reader"
PNG_SIZES = (16, 32, 48, 64, 128, 256)


def app_icon() -> QIcon:
    """The icon at every size shipped (PNG renders for small sizes, the SVG for the rest)."""
    hicolor = resources.files("xiaomi_reader.resources") / "icons" / "hicolor"
    icon = QIcon()
    for size in PNG_SIZES:
        png = hicolor / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"
        if png.is_file():
            pixmap = QPixmap()
            pixmap.loadFromData(png.read_bytes())
            icon.addPixmap(pixmap)
    svg = hicolor / "scalable" / "apps" / f"{ICON_NAME}.svg"
    if svg.is_file():
        with resources.as_file(svg) as path:
            icon.addFile(str(path))
    return icon
