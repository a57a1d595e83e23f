"""Start-up with a library that cannot be opened: ask, never touch the file."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tests.gui.helpers import ScriptedOpener
from xiaomi_reader.gui.open_library import Choice


def test_damaged_file_offers_a_new_library_and_stays_untouched(qapp, tmp_path: Path):
    damaged = tmp_path / "library.sqlite3"
    damaged.write_bytes(b"\x00garbage" * 500)
    before = hashlib.sha256(damaged.read_bytes()).hexdigest()
    fresh = tmp_path / "fresh.sqlite3"
    opener = ScriptedOpener([Choice.CREATE_NEW], [str(fresh)])
    library = opener.open(str(damaged))
    assert library is not None
    assert library.path == fresh and len(library.articles()) == 3
    library.close()
    assert "not a xiaomi-reader library" in opener.messages[0]
    assert hashlib.sha256(damaged.read_bytes()).hexdigest() == before


def test_open_another_then_quit(qapp, tmp_path: Path):
    damaged = tmp_path / "library.sqlite3"
    damaged.write_bytes(b"nope" * 100)
    also_bad = tmp_path / "other.sqlite3"
    also_bad.write_bytes(b"still not" * 100)
    opener = ScriptedOpener([Choice.OPEN_OTHER, Choice.QUIT], [str(also_bad)])
    assert opener.open(str(damaged)) is None
    assert len(opener.messages) == 2 and "other.sqlite3" in opener.messages[1]
