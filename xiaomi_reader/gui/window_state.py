"""What the window remembers between runs: geometry, docks, panes, splitter, scrolling."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow

from xiaomi_reader.gui.reading_area import MAX_PANES, ReadingArea
from xiaomi_reader.paths import config_dir

SETTINGS_FILE = "window.ini"
PREFERRED_SIZE = QSize(1440, 880)
# Room left for the title bar and borders, which a window not yet shown cannot measure.
FRAME_ALLOWANCE = QSize(16, 48)


@dataclass
class PaneState:
    article_id: int | None
    scroll: float = 0.0
    point_size: int = 0  # 0: the default size


@dataclass
class WindowState:
    geometry: QByteArray | None = None
    dock_state: QByteArray | None = None
    splitter: QByteArray | None = None
    panes: list[PaneState] = field(default_factory=list)
    current_pane: int = 0


def settings() -> QSettings:
    # An ini file in our own config folder: the same on every platform, and easy to redirect.
    return QSettings(str(config_dir() / SETTINGS_FILE), QSettings.Format.IniFormat)


def load() -> WindowState | None:
    store = settings()
    if not store.contains("window/geometry"):
        return None
    try:
        panes = [PaneState(**entry) for entry in json.loads(str(store.value("window/panes", "[]")))]
    except (TypeError, ValueError):
        panes = []
    return WindowState(
        geometry=_bytes(store.value("window/geometry")),
        dock_state=_bytes(store.value("window/docks")),
        splitter=_bytes(store.value("window/splitter")),
        panes=panes,
        current_pane=_int(store.value("window/current_pane", 0)),
    )


def save(state: WindowState) -> None:
    store = settings()
    store.setValue("window/geometry", state.geometry)
    store.setValue("window/docks", state.dock_state)
    store.setValue("window/splitter", state.splitter)
    store.setValue("window/panes", json.dumps([asdict(p) for p in state.panes]))
    store.setValue("window/current_pane", state.current_pane)
    store.sync()


def _int(value: object) -> int:
    """A stored number (QSettings may hand it back as text); 0 when there is none."""
    try:
        return int(value) if isinstance(value, int | str) and value != "" else 0
    except ValueError:
        return 0


def _bytes(value: object) -> QByteArray | None:
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def save_window(window: QMainWindow, area: ReadingArea) -> None:
    """Remember ``window``'s geometry and docks, and each pane of ``area``."""
    current = area.panes.index(area.current_pane) if area.current_pane in area.panes else 0
    save(
        WindowState(
            geometry=window.saveGeometry(),
            dock_state=window.saveState(),
            splitter=area.splitter.saveState(),
            panes=[PaneState(p.article_id, p.scroll_fraction(), p.point_size) for p in area.panes],
            current_pane=current,
        )
    )


def _available(window: QMainWindow) -> QRect:
    """The available geometry (without panels and docks) of the screen the window is on."""
    screen = QGuiApplication.screenAt(window.geometry().center()) or window.screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_first_size(window: QMainWindow) -> None:
    """The size a window opens at with nothing remembered: the preferred size, or less
    on a small screen (1366×768), centred on the screen."""
    available = _available(window)
    room = available.size() - FRAME_ALLOWANCE
    window.resize(PREFERRED_SIZE.boundedTo(room))
    frame = QRect(available.topLeft(), window.size() + FRAME_ALLOWANCE)
    frame.moveCenter(available.center())
    window.move(frame.topLeft())


def clamp_to_screen(window: QMainWindow) -> None:
    """Shrink and move a restored window so its frame is on the screen it lands on (it
    may have been saved on a larger screen)."""
    if window.isMaximized() or window.isFullScreen():
        return
    available = _available(window)
    frame = window.frameGeometry()
    decoration = frame.size() - window.geometry().size()
    if window.isVisible() is False:  # not shown: the frame is not known yet
        decoration = decoration.expandedTo(FRAME_ALLOWANCE)
    window.resize(window.size().boundedTo(available.size() - decoration))
    width = window.width() + decoration.width()
    height = window.height() + decoration.height()
    x = min(max(frame.x(), available.left()), available.left() + available.width() - width)
    y = min(max(frame.y(), available.top()), available.top() + available.height() - height)
    window.move(x, y)


def restore_window(window: QMainWindow, area: ReadingArea, known: set[int]) -> bool:
    """Bring back what :func:`save_window` kept (articles in ``known`` only); False if none."""
    state = load()
    if state is None or not state.panes:
        return False
    if state.geometry is not None:
        window.restoreGeometry(state.geometry)
        clamp_to_screen(window)
    if state.dock_state is not None:
        window.restoreState(state.dock_state)
    for saved in state.panes[:MAX_PANES]:
        pane = area.add_empty_pane()
        if pane is not None and saved.article_id in known:
            area.open_article(saved.article_id, pane)
            if saved.point_size:
                pane.set_point_size(saved.point_size)
            # Scroll once the layout has its final size.
            QTimer.singleShot(0, lambda p=pane, f=saved.scroll: p.set_scroll_fraction(f))
    if state.splitter is not None:
        area.restore_sizes(QByteArray(state.splitter))
    index = min(max(state.current_pane, 0), len(area.panes) - 1)
    area.set_current_pane(area.panes[index])
    area.reveal(area.panes[index])
    return True
