"""Light and dark: following the system's colour scheme, and colours that read on either.

Qt reports the system's scheme through ``QStyleHints.colorScheme()`` (Qt 6.5+) and
announces a change with ``colorSchemeChanged``. Most platform styles then hand out a
palette of that scheme themselves; where a style keeps a light palette under a dark
system (older Windows styles), the window switches to Fusion with a dark palette of
its own. When the system says nothing (``Unknown``), the palette decides: a window
whose text is lighter than its background is dark.

The meaning colours (tags, link types, errors) come from ``resources/colours.json``;
the functions here adjust them to the palette they are drawn on.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QLabel

from xiaomi_reader.core import records
from xiaomi_reader.core.colours import colours
from xiaomi_reader.gui import contrast

__all__ = [
    "SchemeFollower",
    "connector_colour",
    "dark_palette",
    "page_colours",
    "palette_is_dark",
    "readable_text",
    "rgb",
    "show_as_error",
]

Role = QPalette.ColorRole


def rgb(colour: QColor) -> contrast.Rgb:
    return (colour.red(), colour.green(), colour.blue())


def page_colours(palette: QPalette) -> tuple[contrast.Rgb, contrast.Rgb]:
    """The page (Base) and its text (Text): what a highlight wash is made to read on."""
    return rgb(palette.color(Role.Base)), rgb(palette.color(Role.Text))


def palette_is_dark(palette: QPalette) -> bool:
    """Light text on a darker window: the palette of a dark scheme."""
    return contrast.is_dark(rgb(palette.color(Role.Window)), rgb(palette.color(Role.WindowText)))


def connector_colour(link_type: records.LinkType | str, palette: QPalette) -> QColor:
    """A link type's connector colour, standing out 3:1 from the page.

    The link colours are mid-tones; on a dark page the darker ones (corrects' violet) are
    lightened just enough to read, on a light page they stay as they are.
    """
    try:
        hex_colour = colours().link_types[records.LinkType(link_type)]
    except ValueError:
        hex_colour = colours().orphan
    page = rgb(palette.color(Role.Base))
    return QColor(*contrast.toward_contrast(rgb(QColor(hex_colour)), page))


def readable_text(colour: str, palette: QPalette, role: Role = Role.Window) -> QColor:
    """A meaning colour (say, the error red) used for text: 4.5:1 on ``role``'s colour."""
    background = rgb(palette.color(role))
    adjusted = contrast.toward_contrast(rgb(QColor(colour)), background, contrast.TEXT_CONTRAST)
    return QColor(*adjusted)


def show_as_error(label: QLabel) -> None:
    """Give ``label`` the error colour, made to read 4.5:1 on its palette's window."""
    palette = label.palette()
    palette.setColor(Role.WindowText, readable_text(colours().error_text, palette))
    label.setPalette(palette)


def dark_palette() -> QPalette:
    """A dark palette for Fusion, for systems whose style would stay light."""
    palette = QPalette()
    window, base, text = QColor(45, 45, 48), QColor(30, 30, 32), QColor(230, 230, 230)
    muted = QColor(150, 150, 150)
    for role, colour in (
        (Role.Window, window),
        (Role.WindowText, text),
        (Role.Base, base),
        (Role.AlternateBase, QColor(40, 40, 43)),
        (Role.ToolTipBase, QColor(60, 60, 64)),
        (Role.ToolTipText, text),
        (Role.PlaceholderText, muted),
        (Role.Text, text),
        (Role.Button, window),
        (Role.ButtonText, text),
        (Role.BrightText, QColor(255, 110, 110)),
        (Role.Light, QColor(70, 70, 74)),
        (Role.Midlight, QColor(58, 58, 62)),
        (Role.Mid, QColor(40, 40, 43)),
        (Role.Dark, QColor(20, 20, 22)),
        (Role.Shadow, QColor(0, 0, 0)),
        (Role.Highlight, QColor(42, 110, 200)),
        (Role.HighlightedText, QColor(255, 255, 255)),
        (Role.Link, QColor(110, 170, 255)),
        (Role.LinkVisited, QColor(190, 150, 255)),
    ):
        palette.setColor(role, colour)
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, muted)
    return palette


class SchemeFollower(QObject):
    """Keeps the application's palette dark when the system is dark, and back when not."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self._own_dark = False  # whether the dark palette is ours (and so ours to undo)
        self._style = app.style().name()
        QGuiApplication.styleHints().colorSchemeChanged.connect(self.follow)
        self.follow(QGuiApplication.styleHints().colorScheme())

    def follow(self, scheme: Qt.ColorScheme) -> None:
        if scheme == Qt.ColorScheme.Dark and not palette_is_dark(self._app.palette()):
            self._app.setStyle("Fusion")
            self._app.setPalette(dark_palette())
            self._own_dark = True
        elif scheme == Qt.ColorScheme.Light and self._own_dark:
            self._own_dark = False
            self._app.setStyle(self._style)
            self._app.setPalette(self._app.style().standardPalette())
