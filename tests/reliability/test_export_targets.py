"""Export destinations that are not plain files: devices, pipes, sockets and links.

Only a regular file is ever replaced; a link to one is written through and stays a
link; everything else is refused with one clear line and left exactly as it was.
The devices are made in ``tmp_path`` (``os.mknod``); the real ``/dev/full`` is only
handed to the command once a copy of it has been seen refused.
"""

from __future__ import annotations

import contextlib
import os
import socket
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.helpers import assert_one_line_error, cli
from xiaomi_reader.export import ExportError, export_library
from xiaomi_reader.gui.export_dialog import ExportDialog
from xiaomi_reader.store.library import Library

pytestmark = pytest.mark.skipif(os.name != "posix", reason="FIFOs, devices and sockets: POSIX")

OLD_REPORT = b"# The report from last week\n\nStill needed.\n"


def snapshot(folder: Path) -> dict[str, tuple[int, int, bytes | str | None]]:
    """Every entry of a folder: its type, device number and bytes (a link: its target)."""
    entries: dict[str, tuple[int, int, bytes | str | None]] = {}
    for path in folder.iterdir():
        info = path.lstat()
        kind = stat.S_IFMT(info.st_mode)
        if stat.S_ISLNK(info.st_mode):
            content: bytes | str | None = os.readlink(path)
        elif stat.S_ISREG(info.st_mode):
            content = path.read_bytes()
        else:
            content = None  # never opened: a pipe would block, a device could be anything
        entries[path.name] = (kind, info.st_rdev, content)
    return entries


def make_fifo(path: Path) -> None:
    os.mkfifo(path)


def make_device(path: Path) -> None:
    """A copy of /dev/null's device node (needs root; skipped otherwise)."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.stat("/dev/null").st_rdev)
    except OSError as exc:
        pytest.skip(f"cannot make a device node here: {exc.strerror}")


@contextlib.contextmanager
def listening_socket(path: Path) -> Iterator[None]:
    # A socket's path is limited to ~100 bytes: bind by a short relative name.
    here = Path.cwd()
    os.chdir(path.parent)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(path.name)
        yield
    finally:
        server.close()
        os.chdir(here)


@pytest.fixture
def annotated(library: Library) -> Library:
    article = library.articles()[0]
    for start in range(0, 200, 40):
        library.add_annotation(article.id, start, start + 12, note="kept safe")
    return library


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    made = tmp_path / "reports"
    made.mkdir()
    return made


@pytest.mark.parametrize(
    ("make", "kind", "is_kind"),
    [
        (make_fifo, "a named pipe (FIFO)", stat.S_ISFIFO),
        (make_device, "a device", stat.S_ISCHR),
    ],
    ids=["fifo", "device"],
)
def test_a_pipe_or_a_device_is_refused_and_left_in_place(
    annotated: Library,
    folder: Path,
    make: Callable[[Path], None],
    kind: str,
    is_kind: Callable[[int], bool],
):
    target = folder / "report.md"
    make(target)
    before = snapshot(folder)
    with pytest.raises(ExportError) as failure:
        export_library(annotated, "md", target)
    message = str(failure.value)
    assert message == (
        f"Cannot write {target}: it is {kind}, not a regular file. "
        "Nothing was written; choose a file name to export to."
    )
    assert is_kind(target.lstat().st_mode)
    assert snapshot(folder) == before  # nothing replaced, no temporary file left


def test_a_socket_is_refused_and_left_in_place(annotated: Library, folder: Path):
    target = folder / "s"
    with listening_socket(target):
        before = snapshot(folder)
        with pytest.raises(ExportError, match=r"it is a socket, not a regular file"):
            export_library(annotated, "csv", target)
        assert stat.S_ISSOCK(target.lstat().st_mode)
        assert snapshot(folder) == before


def test_a_link_to_a_regular_file_is_written_through(annotated: Library, tmp_path: Path):
    """As editors do: the target gets the new export, the link stays a link."""
    shared = tmp_path / "shared"
    shared.mkdir()
    real = shared / "report.md"
    real.write_bytes(OLD_REPORT)
    desk = tmp_path / "desk"
    desk.mkdir()
    link = desk / "latest.md"
    link.symlink_to(Path("..") / "shared" / "report.md")
    written = export_library(annotated, "md", link)
    assert written == link
    assert link.is_symlink() and os.readlink(link) == str(Path("..") / "shared" / "report.md")
    report = real.read_bytes()
    assert report.startswith(b"# Annotation report") and b"kept safe" in report
    assert [p.name for p in desk.iterdir()] == ["latest.md"]
    assert [p.name for p in shared.iterdir()] == ["report.md"]  # the temporary file is gone


@pytest.mark.parametrize(
    ("make_target", "reason"),
    [
        (None, "it is a symbolic link to missing.md, which does not exist"),
        (make_fifo, "which is a named pipe (FIFO), not a regular file"),
        (make_device, "which is a device, not a regular file"),
    ],
    ids=["dangling", "to-fifo", "to-device"],
)
def test_a_link_to_anything_but_a_regular_file_is_refused(
    annotated: Library,
    folder: Path,
    make_target: Callable[[Path], None] | None,
    reason: str,
):
    if make_target is not None:
        make_target(folder / "missing.md")
    link = folder / "report.md"
    link.symlink_to("missing.md")
    before = snapshot(folder)
    with pytest.raises(ExportError) as failure:
        export_library(annotated, "md", link)
    assert str(failure.value).startswith(f"Cannot write {link}: ") and reason in str(failure.value)
    assert "Nothing was written" in str(failure.value)
    assert snapshot(folder) == before  # the link is still a link, nothing made at its target


def test_a_loop_of_links_is_refused(annotated: Library, folder: Path):
    (folder / "a.md").symlink_to("b.md")
    (folder / "b.md").symlink_to("a.md")
    before = snapshot(folder)
    with pytest.raises(ExportError, match="leads round in a loop"):
        export_library(annotated, "md", folder / "a.md")
    assert snapshot(folder) == before


@pytest.mark.slow
def test_cli_refuses_a_pipe_and_dev_full_in_one_line(
    annotated: Library, db_path: Path, folder: Path, tmp_path: Path
):
    fifo = folder / "report.md"
    os.mkfifo(fifo)
    result = cli("--db", str(db_path), "export", "--format", "md", "--output", str(fifo))
    assert_one_line_error(result, f"Cannot write {fifo}: it is a named pipe (FIFO)")
    assert result.stdout == "" and stat.S_ISFIFO(fifo.lstat().st_mode)

    # The bug report's own case. Only once a device in tmp_path is seen refused by the
    # very code the command runs is the real /dev/full handed over: it must never be
    # replaced by a regular file, on this machine or any other.
    guard = tmp_path / "guard"
    guard.mkdir()
    make_device(guard / "full")
    with pytest.raises(ExportError, match="it is a device"):
        export_library(annotated, "md", guard / "full")
    if not stat.S_ISCHR(os.lstat("/dev/full").st_mode):
        pytest.skip("no /dev/full device here")
    result = cli("--db", str(db_path), "export", "--format", "md", "--output", "/dev/full")
    assert_one_line_error(result, "Cannot write /dev/full: it is a device, not a regular file.")
    assert stat.S_ISCHR(os.lstat("/dev/full").st_mode)


def test_the_export_dialog_shows_the_same_refusal(qtbot: QtBot, annotated: Library, folder: Path):
    fifo = folder / "report.md"
    os.mkfifo(fifo)
    dialog = ExportDialog(annotated)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.set_format("md")
    dialog.destination_edit.clear()
    qtbot.keyClicks(dialog.destination_edit, str(fifo))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=30_000)
    assert dialog.error_label.isVisible() and not dialog.result_row.isVisible()
    assert dialog.error_label.text() == (
        f"Cannot write {fifo}: it is a named pipe (FIFO), not a regular file. "
        "Nothing was written; choose a file name to export to."
    )
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and [p.name for p in folder.iterdir()] == [
        "report.md"
    ]
