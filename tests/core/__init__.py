"""Plain-Python parts; helpers for writing article files and reading refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from xiaomi_reader.core.articles import ArticleRefused, parse_article_file


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    """A file ``name`` in ``tmp_path`` holding ``content`` (text as UTF-8)."""
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def refusal(path: Path) -> str:
    """The reason ``parse_article_file`` gives for refusing ``path``."""
    with pytest.raises(ArticleRefused) as info:
        parse_article_file(path)
    assert info.value.reason == str(info.value)
    return info.value.reason
