"""What the window remembers between runs: geometry, docks, panes, splitter, scrolling."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from PySide6.QtCore import QByteArray, QSettings

from xiaomi_reader.paths import config_dir

SETTINGS_FILE = "window.ini"


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
        current_pane=int(store.value("window/current_pane", 0) or 0),
    )


def save(state: WindowState) -> None:
    store = settings()
    store.setValue("window/geometry", state.geometry)
    store.setValue("window/docks", state.dock_state)
    store.setValue("window/splitter", state.splitter)
    store.setValue("window/panes", json.dumps([asdict(p) for p in state.panes]))
    store.setValue("window/current_pane", state.current_pane)
    store.sync()


def _bytes(value: object) -> QByteArray | None:
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None
