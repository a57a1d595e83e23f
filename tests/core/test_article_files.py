"""Article files on disk: which names are articles, reading them safely, and refusals."""

from __future__ import annotations

import os

import pytest

from tests.core import refusal, write
from xiaomi_reader.core.article_files import read_at_most
from xiaomi_reader.core.articles import (
    MAX_ARTICLE_BYTES,
    SUPPORTED_SUFFIXES,
    ArticleRefused,
    parse_article_bytes,
    parse_article_file,
)


def test_oversize_file_is_refused_with_its_size_and_the_limit(tmp_path):
    # That it is refused before being opened is checked, with an audit hook in a separate
    # process, by tests/reliability/test_hostile_articles.py.
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_ARTICLE_BYTES + 1)  # sparse: nothing is written
    assert refusal(path) == '"huge.txt" is 20,971,521 bytes; the limit is 20 MB.'


def test_oversize_reason_shows_megabytes(tmp_path):
    path = tmp_path / "big.md"
    with path.open("wb") as handle:
        handle.truncate(int(31.2 * 1024 * 1024))
    assert "is 31.2 MB; the limit is 20 MB" in refusal(path)


def test_oversize_bytes_are_refused():
    with pytest.raises(ArticleRefused, match="limit is 20 MB"):
        parse_article_bytes(b"a" * (MAX_ARTICLE_BYTES + 1), "big.txt")


@pytest.mark.parametrize("name", ["letter.doc", "notes.odt", "README", "page.html.bak"])
def test_unsupported_suffix_is_refused(tmp_path, name):
    reason = refusal(write(tmp_path, name, "perfectly good text"))
    assert f'"{name}"' in reason
    for suffix in SUPPORTED_SUFFIXES:
        assert suffix in reason


def test_missing_file_is_refused(tmp_path):
    path = tmp_path / "gone.txt"
    with pytest.raises(ArticleRefused) as info:
        parse_article_file(path)
    assert not isinstance(info.value, OSError)
    assert "does not exist" in info.value.reason
    assert "gone.txt" in info.value.reason


def test_directory_is_refused(tmp_path):
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert "is a folder" in refusal(folder)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_refused_without_blocking(tmp_path):
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    assert "not a regular file" in refusal(pipe)


def test_parse_article_file_accepts_str_paths(tmp_path):
    path = write(tmp_path, "s.txt", "Text")
    assert parse_article_file(str(path)).file_name == "s.txt"


def test_a_name_with_folders_is_named_by_its_last_part(tmp_path):
    article = parse_article_bytes(b"# Title\nText", "reports/2024/a.MD")
    assert (article.title, article.file_name) == ("Title", "reports/2024/a.MD")
    with pytest.raises(ArticleRefused) as refused:
        parse_article_bytes(b"Text", "reports.md/2024/a.odt")
    assert refused.value.reason.startswith('"a.odt" is a ".odt" file;')
    nested = write(tmp_path, "a.txt", "Text")
    assert parse_article_file(tmp_path / "." / "a.txt").file_name == nested.name


@pytest.mark.parametrize("size", [0, 1, 64 * 1024 - 1, 64 * 1024, 200_000])
def test_a_file_within_the_limit_is_read_whole(tmp_path, size: int):
    data = bytes(range(256)) * (size // 256) + bytes(range(size % 256))
    path = write(tmp_path, "f.txt", data)
    assert read_at_most(path, 200_000) == data


@pytest.mark.parametrize("size", [100_001, 100_002, 250_000])
def test_reading_stops_one_byte_past_the_limit(tmp_path, size: int):
    # Enough to tell that a file which grew after its size was checked is too big.
    path = write(tmp_path, "grew.txt", b"y" * size)
    assert read_at_most(path, 100_000) == b"y" * 100_001
