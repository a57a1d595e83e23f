"""The built wheel carries everything the app needs, and runs outside the source tree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.helpers import REPO_ROOT

RESOURCES = REPO_ROOT / "resources"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from the tracked sources only (as a clean checkout has them)."""
    source = tmp_path_factory.mktemp("checkout")
    tracked = (
        subprocess.run(["git", "ls-files", "-z"], cwd=REPO_ROOT, capture_output=True, check=True)
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, tracked):
        if (REPO_ROOT / name).is_file():
            target = source / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO_ROOT / name, target)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(source)],
        check=True,
        timeout=120,
    )  # fmt: skip
    [built] = out.glob("xiaomi_reader-*.whl")
    return built


@pytest.mark.slow
def test_wheel_holds_articles_resources_and_migrations(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "xiaomi_reader/bundled_articles/000_a34c5d8b5d4a999c.md",
        "xiaomi_reader/bundled_articles/001_2b508c6856e47561.md",
        "xiaomi_reader/bundled_articles/002_5c88bbee9d896a2e.md",
        "xiaomi_reader/resources/io.github.xiaomi_reader.desktop",
        "xiaomi_reader/resources/io.github.xiaomi_reader.metainfo.xml",
        "xiaomi_reader/resources/colours.json",
        "xiaomi_reader/resources/icons/hicolor/scalable/apps/io.github.xiaomi_reader.svg",
        "xiaomi_reader/resources/icons/hicolor/256x256/apps/io.github.xiaomi_reader.png",
        "xiaomi_reader/store/migrations/env.py",
        "xiaomi_reader/store/migrations/script.py.mako",
        "xiaomi_reader/store/migrations/versions/0001_initial_schema.py",
        "xiaomi_reader/store/migrations/versions/0002_library_revision.py",
        "xiaomi_reader/store/migrations/versions/0003_article_originals.py",
    ):
        assert expected in names, expected
    assert not any(name.startswith(("tests/", "benchmarks/")) for name in names)


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_installed_wheel_runs_outside_the_source_tree(wheel: Path, tmp_path: Path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    # The dependencies come from the test environment (no network needed): a .pth file.
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    Path(site, "test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", "utf-8")
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        timeout=120,
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    db = tmp_path / "x.sqlite3"
    listing = subprocess.run(
        [str(venv / "bin" / "xiaomi-reader"), "articles", "--json", "--db", str(db)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert listing.returncode == 0, listing.stderr
    import json

    titles = {row["title"] for row in json.loads(listing.stdout)}
    assert len(titles) == 3 and "This is why Xiaomi is blacklisted in the United States" in titles
    where = subprocess.run(
        [str(python), "-c", "import xiaomi_reader; print(xiaomi_reader.__file__)"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert str(REPO_ROOT) not in where
    smoke = subprocess.run(
        [str(venv / "bin" / "xiaomi-reader"), "--smoke-test", "--db", str(db)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert smoke.returncode == 0, smoke.stderr


@pytest.mark.parametrize(
    ("tool", "args", "path"),
    [
        ("desktop-file-validate", [], RESOURCES / "io.github.xiaomi_reader.desktop"),
        (
            "appstreamcli",
            ["validate", "--no-net"],
            RESOURCES / "io.github.xiaomi_reader.metainfo.xml",
        ),
    ],
)
def test_desktop_metadata_validates(tool: str, args: list[str], path: Path):
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (.ci/run installs it)")
    result = subprocess.run([tool, *args, str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_app_icon_has_every_size(qapp):
    from xiaomi_reader.gui.icons import PNG_SIZES, app_icon

    icon = app_icon()
    assert not icon.isNull()
    assert {size.width() for size in icon.availableSizes()} >= set(PNG_SIZES)


def test_metainfo_screenshot_is_a_file_of_this_repository():
    """The screenshot's web address is this repository's raw file: keep the file there."""
    import xml.etree.ElementTree as ET

    root = ET.parse(RESOURCES / "io.github.xiaomi_reader.metainfo.xml").getroot()
    images = [element.text or "" for element in root.iter("image")]
    assert images
    prefix = "https://raw.githubusercontent.com/xiaomi-reader/xiaomi-reader/main/"
    for url in images:
        assert url.startswith(prefix)
        assert (RESOURCES.parent / url.removeprefix(prefix)).is_file(), url


def test_desktop_entry_opens_the_files_it_declares():
    entry = (RESOURCES / "io.github.xiaomi_reader.desktop").read_text(encoding="utf-8")
    fields = dict(line.split("=", 1) for line in entry.splitlines() if "=" in line)
    assert fields["Exec"] == "xiaomi-reader gui %F"
    assert set(fields["MimeType"].strip(";").split(";")) == {
        "text/plain",
        "text/markdown",
        "text/html",
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
