"""The window and another program write to one library at once: nothing is lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.concurrent_session import add_session_tags, run_session
from tests.windows import WindowOpener

pytestmark = pytest.mark.slow


def test_reader_and_another_program_together_lose_nothing(open_window: WindowOpener, db_path: Path):
    window = open_window(before=add_session_tags)
    problems = run_session(window, db_path, seconds=6)
    assert problems == []
    assert len(window.library.annotations()) > 20  # both really wrote
