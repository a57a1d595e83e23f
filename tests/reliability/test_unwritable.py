"""Places that cannot be written: a clear message, the old file intact, no debris left."""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import assert_one_line_error, cli
from xiaomi_reader.export import ExportError, export_library
from xiaomi_reader.export import files as export_files
from xiaomi_reader.paths import library_location
from xiaomi_reader.store.database import LibraryError
from xiaomi_reader.store.library import Library

OLD_REPORT = b"# The report from last week\n\nStill needed.\n"


def listing(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir()}


@pytest.fixture
def annotated(library: Library) -> Library:
    article = library.articles()[0]
    for start in range(0, 400, 40):
        library.add_annotation(article.id, start, start + 12, note="kept safe")
    return library


def test_export_under_a_regular_file(annotated: Library, tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    blocker = outside / "notes.txt"
    blocker.write_text("a file, not a folder", "utf-8")
    with pytest.raises(ExportError) as failure:
        export_library(annotated, "md", blocker / "report.md")
    message = str(failure.value)
    assert "is a file, not a folder" in message and str(blocker) in message
    assert listing(outside) == {"notes.txt": b"a file, not a folder"}


def test_export_into_a_folder_that_vanished(annotated: Library, tmp_path: Path):
    folder = tmp_path / "reports"
    folder.mkdir()
    export_library(annotated, "md", folder / "report.md")
    shutil.rmtree(folder)
    with pytest.raises(ExportError, match="does not exist"):
        export_library(annotated, "md", folder / "report.md")
    assert not folder.exists()


def test_export_into_a_folder_that_vanishes_while_writing(
    annotated: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The folder is there when checked and gone a moment later (a USB stick pulled out)."""
    folder = tmp_path / "stick"
    folder.mkdir()
    checked = export_files._check_destination

    def check_then_vanish(path: Path) -> None:
        checked(path)
        shutil.rmtree(folder)

    monkeypatch.setattr(export_files, "_check_destination", check_then_vanish)
    with pytest.raises(ExportError) as failure:
        export_library(annotated, "html", folder / "report.html")
    assert "Cannot write" in str(failure.value) and "No such file" in str(failure.value)
    assert not folder.exists()


class _FullDisk:
    """A file object that writes part of the data for real, then runs out of space."""

    def __init__(self, handle: Any) -> None:
        self._handle = handle

    def write(self, data: bytes) -> int:
        self._handle.write(data[: len(data) // 2])
        self._handle.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()


def _full_on_write(monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.fdopen

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        return _FullDisk(real(fd, *args, **kwargs))

    monkeypatch.setattr(export_files.os, "fdopen", fdopen)


def _full_on_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    def fsync(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(export_files.os, "fsync", fsync)


@pytest.mark.parametrize("fmt", ["md", "json", "pdf"])
@pytest.mark.parametrize("full", [_full_on_write, _full_on_fsync], ids=["write", "fsync"])
def test_a_full_disk_leaves_the_old_export_and_no_partial_file(
    annotated: Library,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
    full: Callable[[pytest.MonkeyPatch], None],
    qapp: object,
):
    folder = tmp_path / "reports"
    folder.mkdir()
    target = folder / f"report.{fmt}"
    target.write_bytes(OLD_REPORT)
    before = listing(folder)
    with monkeypatch.context() as patch:
        full(patch)
        with pytest.raises(ExportError) as failure:
            export_library(annotated, fmt, target)
    message = str(failure.value)
    assert "No space left on device" in message and str(target) in message, message
    assert "\n" not in message
    assert listing(folder) == before  # the old report as it was, no temporary file
    # With space again, the same export works.
    export_library(annotated, fmt, target)
    assert target.read_bytes() != OLD_REPORT and [p.name for p in folder.iterdir()] == [target.name]


@pytest.mark.parametrize("name", ["r" * 246 + ".md", "🙂" * 60 + ".md"], ids=["ascii", "emoji"])
def test_export_to_a_name_near_the_length_limit(annotated: Library, tmp_path: Path, name: str):
    """A name the file system accepts (≤ 255 bytes) works, temporary file and all."""
    folder = tmp_path / "reports"
    folder.mkdir()
    assert len(os.fsencode(name)) <= 255
    (folder / name).write_bytes(OLD_REPORT)  # the file system takes the name
    written = export_library(annotated, "md", folder / name)
    assert written.read_bytes() != OLD_REPORT
    assert [p.name for p in folder.iterdir()] == [name]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_export_into_a_read_only_folder(annotated: Library, tmp_path: Path):
    folder = tmp_path / "read-only"
    folder.mkdir()
    (folder / "report.md").write_bytes(OLD_REPORT)
    folder.chmod(0o555)
    try:
        with pytest.raises(ExportError, match="permission"):
            export_library(annotated, "md", folder / "report.md")
        assert listing(folder) == {"report.md": OLD_REPORT}
    finally:
        folder.chmod(0o755)


@pytest.mark.slow
def test_cli_export_to_unwritable_places_is_one_line(
    annotated: Library, db_path: Path, tmp_path: Path
):
    outside = tmp_path / "outside"
    outside.mkdir()
    blocker = outside / "blocker"
    blocker.write_text("x", "utf-8")
    for output, reason in (
        (blocker / "report.md", "is a file, not a folder"),
        (outside / "missing" / "report.md", "does not exist"),
    ):
        result = cli("--db", str(db_path), "export", "--format", "md", "--output", str(output))
        assert_one_line_error(result, reason)
    assert listing(outside) == {"blocker": b"x"}


def test_a_data_folder_that_cannot_be_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_user_dirs: Path
):
    blocker = tmp_path / "plain-file"
    blocker.write_text("not a folder", "utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker / "data"))
    with pytest.raises(LibraryError) as failure:
        Library.open(library_location())
    message = str(failure.value)
    assert "Cannot create the folder" in message and "--db" in message
    assert blocker.read_text("utf-8") == "not a folder"


@pytest.mark.slow
def test_cli_says_in_one_line_that_the_data_folder_cannot_be_created(tmp_path: Path):
    blocker = tmp_path / "plain-file"
    blocker.write_text("not a folder", "utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Some article text.\n", "utf-8")
    for args in (["articles"], ["import", str(article)]):
        result = cli(*args, env={"XDG_DATA_HOME": str(blocker / "data")})
        assert_one_line_error(result, "Cannot create the folder", str(blocker / "data"))
    assert blocker.read_text("utf-8") == "not a folder"
