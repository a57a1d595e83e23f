"""Importing annotations from things that are not ordinary files: refused at once, never read.

A pipe would wait for a writer forever and ``/dev/zero`` never ends: both are refused
from ``stat`` alone, as is a file over the size limit, and the library stays as it was.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.helpers import COUNTING_OPENS, assert_one_line_error, cli
from tests.reliability import Child
from tests.windows import WindowOpener
from xiaomi_reader.cli import main
from xiaomi_reader.core.annotation_files import MAX_ANNOTATION_FILE_BYTES
from xiaomi_reader.store.library import Library

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")

MIB = 1024 * 1024
NOT_REGULAR = "is not a regular file (a pipe, a device or a socket is never read)"


def state(library: Library) -> tuple[object, ...]:
    return (library.annotations(), library.links(), library.tags(), library.revision())


@contextmanager
def writer_if_stuck(fifo: Path, patience: float = 20) -> Iterator[None]:
    """Should the code under test open the pipe and wait, open its other end and close it.

    The reader then sees an empty file, so a regression fails the test (with another
    message) instead of hanging the suite. When nothing waits, this never acts.
    """
    done = threading.Event()

    def rescue() -> None:
        if done.wait(patience):
            return
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)  # fails when nobody reads it
        except OSError:
            return
        os.close(fd)

    thread = threading.Thread(target=rescue, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


def run_cli(library: Library, path: Path | str, capsys: pytest.CaptureFixture[str]) -> str:
    """``import-annotations PATH`` in this process: status 1, one line, nothing changed."""
    before = state(library)
    status = main(["--db", str(library.path), "import-annotations", str(path)])
    captured = capsys.readouterr()
    assert status == 1, captured
    assert captured.out == "" and captured.err.count("\n") == 1, captured
    assert captured.err.startswith("xiaomi-reader: error: ")
    assert state(library) == before
    return captured.err


def test_a_pipe_is_refused_without_waiting_for_a_writer(
    library: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    fifo = tmp_path / "annotations.json"
    os.mkfifo(fifo)
    with writer_if_stuck(fifo):
        error = run_cli(library, fifo, capsys)
    assert f"{fifo} {NOT_REGULAR}; save the annotations to a file and import that." in error


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_an_endless_device_is_refused_unread(
    library: Library, capsys: pytest.CaptureFixture[str], device: str
):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    assert f"{device} {NOT_REGULAR}" in run_cli(library, device, capsys)


def test_a_device_behind_a_json_name_is_refused_too(
    library: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    endless = tmp_path / "endless.jsonld"
    endless.symlink_to("/dev/zero")
    assert f"{endless} {NOT_REGULAR}" in run_cli(library, endless, capsys)


def test_a_folder_is_refused(library: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    folder = tmp_path / "exports.json"
    folder.mkdir()
    assert f"{folder} is a folder, not an annotation file." in run_cli(library, folder, capsys)


def test_a_file_over_the_limit_is_refused_unread(
    library: Library, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    assert MAX_ANNOTATION_FILE_BYTES == 200 * MIB  # the limit the README gives
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:
        handle.write(b"[")
        handle.truncate(250 * MIB)  # sparse: costs no disk
    error = run_cli(library, huge, capsys)
    assert f"{huge} is 250.0 MB; the limit for an annotation file is 200 MB." in error
    # Just over the limit is not rounded down into it.
    with huge.open("r+b") as handle:
        handle.truncate(MAX_ANNOTATION_FILE_BYTES + 1)
    assert f"is {MAX_ANNOTATION_FILE_BYTES + 1:,} bytes; the limit" in run_cli(
        library, huge, capsys
    )


def test_the_window_refuses_a_pipe_and_says_why(
    library: Library, open_window: WindowOpener, tmp_path: Path
):
    fifo = tmp_path / "annotations.json"
    os.mkfifo(fifo)
    window = open_window(library, restore=False)
    before = state(library)
    with writer_if_stuck(fifo):
        shown = window.import_annotations(str(fifo))
    assert shown.startswith(f"Nothing was imported from {fifo}:")
    assert NOT_REGULAR in shown
    assert state(library) == before
    assert window.controller.annotations() == []


# -- real processes ---------------------------------------------------------------------


@pytest.mark.slow
def test_the_command_exits_1_at_once_on_a_pipe(db_path: Path, tmp_path: Path):
    fifo = tmp_path / "annotations.json"
    os.mkfifo(fifo)
    with Library.open(db_path) as library:
        before = state(library)
    # A regression would wait for a writer: the timeout fails the test instead of hanging.
    result = cli("--db", str(db_path), "import-annotations", str(fifo), timeout=30)
    assert_one_line_error(result, NOT_REGULAR)
    with Library.open(db_path) as library:
        assert state(library) == before


# Runs import-annotations on each file in argv[2:], counting the open()s of each.
WATCHED = (
    COUNTING_OPENS
    + """
from xiaomi_reader.cli import main
statuses = [main(["--db", sys.argv[1], "import-annotations", name]) for name in sys.argv[2:]]
print(*statuses, flush=True)
print(*(opened[name] for name in files), flush=True)
"""
)


@pytest.mark.slow
def test_such_files_are_never_opened(db_path: Path, tmp_path: Path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:
        handle.truncate(MAX_ANNOTATION_FILE_BYTES + 1)
    small = tmp_path / "small.json"
    small.write_text("[]", "utf-8")
    with Library.open(db_path):
        pass
    child = Child(WATCHED, str(db_path), str(fifo), "/dev/zero", str(huge), str(small))
    try:
        assert child.wait(timeout=60) == 0
    finally:
        child.close()
    statuses, opens = child.lines[-2:]  # after the summary of the small file
    assert statuses.split() == ["1", "1", "1", "0"]
    fifo_opens, zero_opens, huge_opens, small_opens = map(int, opens.split())
    assert small_opens >= 1  # the hook sees the files that are read
    assert (fifo_opens, zero_opens, huge_opens) == (0, 0, 0)
