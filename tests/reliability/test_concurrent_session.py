"""The window and another program write to one library at once: nothing is lost."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.reliability.concurrent_session import add_session_tags, run_session
from xiaomi_reader.gui.main_window import MainWindow
from xiaomi_reader.store.library import Library

pytestmark = pytest.mark.slow


@pytest.fixture
def window(qtbot: QtBot, db_path: Path) -> Iterator[MainWindow]:
    library = Library.open(db_path)
    add_session_tags(library)
    shown = MainWindow(library)
    qtbot.addWidget(shown)
    shown.resize(1500, 900)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    shown.close()
    library.close()


def test_reader_and_another_program_together_lose_nothing(window: MainWindow, db_path: Path):
    problems = run_session(window, db_path, seconds=6)
    assert problems == []
    assert len(window.library.annotations()) > 20  # both really wrote
