"""The shortcuts taken for ordinary article files give exactly what the full path gives."""

from __future__ import annotations

import codecs
from pathlib import Path, PurePath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xiaomi_reader.core import articles
from xiaomi_reader.core.articles import (
    ArticleRefused,
    ParsedArticle,
    article_iri,
    article_iri_of_hash,
    content_hash,
    parse_article_bytes,
    parse_article_file,
)

# Pieces that exercise every decision of the decoder: BOMs, file signatures, C0 and C1
# controls as raw bytes and as UTF-8, carriage returns, invalid UTF-8, Windows-1252.
PIECES = [
    b"Plain words. ",
    "Caf\u00e9 \u201cquoted\u201d \u2014 \u00c5ngstr\u00f6m ".encode(),
    "\U0001f4f1 \U0001f1fa\U0001f1f8 ".encode(),
    b"\x00", b"\x01", b"\x08", b"\t", b"\x0b", b"\x0c", b"\x0e", b"\x1f", b"\x7f",
    "\x80".encode(), "\x85".encode(), "\x9f".encode(), "\xa0".encode(),
    b"\xc2", b"\x9f", b"\xe9t\xe9 ", b"\x93smart\x94 ", b"\xff",
    b"\r\n", b"\r", b"\n",
    codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b"%PDF-", b"PK\x03\x04", b"{\\rtf",
]  # fmt: skip
FILE_BYTES = st.lists(st.sampled_from(PIECES), max_size=12).map(b"".join) | st.binary(max_size=64)
SETTINGS = settings(max_examples=400, deadline=None, database=None)


def outcome(action) -> tuple[str, object]:
    try:
        return "ok", action()
    except ArticleRefused as exc:
        return "refused", exc.reason


@SETTINGS
@given(data=FILE_BYTES, declared=st.sampled_from([None, "utf-8", "cp1252"]))
def test_fast_decoding_agrees_with_the_full_decoder(data: bytes, declared: str | None):
    fast = outcome(lambda: articles._decode_telling_if_exact(data, '"a.txt"', declared))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(articles, "_decode_clean_utf8", lambda _data: None)
        full = outcome(lambda: articles._decode(data, '"a.txt"', declared))
    if fast[0] == "ok":
        text, is_data_itself = fast[1]
        assert full == ("ok", text)
        if is_data_itself:
            assert text.encode("utf-8") == data
    else:
        assert full == fast


@SETTINGS
@given(data=FILE_BYTES, suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_parsed_articles_agree_and_carry_the_hash_of_their_text(data: bytes, suffix: str):
    fast = outcome(lambda: parse_article_bytes(data, "article" + suffix))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(articles, "_decode_clean_utf8", lambda _data: None)
        full = outcome(lambda: parse_article_bytes(data, "article" + suffix))
    assert fast == full
    if fast[0] == "ok":
        article = fast[1]
        assert isinstance(article, ParsedArticle)
        assert article.digest == content_hash(article.text)


def test_digest_is_the_content_hash_whether_given_or_computed(tmp_path: Path):
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes("Title\r\nBody \u2014 text.\r\n".encode())
    plain = tmp_path / "plain.txt"
    plain.write_bytes("Title\nBody \u2014 text.\n".encode())
    from_crlf, from_plain = parse_article_file(crlf), parse_article_file(plain)
    assert from_crlf.text == from_plain.text == "Title\nBody \u2014 text.\n"
    assert from_crlf.digest == from_plain.digest == content_hash(from_plain.text)
    made = ParsedArticle(text="abc", title="T")
    assert made.digest == content_hash("abc")
    assert made == ParsedArticle(text="abc", title="T")  # the cached hash is no field
    assert article_iri_of_hash(made.digest) == article_iri("abc")


@settings(max_examples=200, deadline=None, database=None)
@given(st.text(st.sampled_from("ab\n\r \u2028")))
def test_lines_are_those_of_split(text: str):
    assert list(articles._lines(text)) == text.split("\n")


NAMES = [
    "a.txt", "dir/a.txt", "dir//a.txt", "./a.md", "dir/a.txt/", "dir/.", "dir/..", ".", "..",
    "", "/", "/abs/b.html", "a:b.txt", "dir/.hidden.md", "trailing space.txt ",
]  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_names_are_taken_as_pathlib_takes_them(name: str):
    assert articles._base_name(name) == (PurePath(name).name or name)
    path, shown = articles._path_and_name(name)
    assert shown == (Path(name).name or str(Path(name)))
    assert Path(path) == Path(name)
    assert articles._path_and_name(Path(name))[1] == shown


def test_a_file_that_grew_after_stat_is_read_whole(tmp_path: Path):
    path = tmp_path / "grew.txt"
    path.write_bytes(b"x" * 200_000)
    assert articles._read_up_to_limit(path, 10) == b"x" * 200_000
    assert articles._read_up_to_limit(path, 300_000) == b"x" * 200_000  # or shrank
    assert articles._read_up_to_limit(path, 200_000) == b"x" * 200_000
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert articles._read_up_to_limit(empty, 0) == b""


def test_reading_stops_one_byte_past_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(articles, "MAX_ARTICLE_BYTES", 100_000)
    path = tmp_path / "grew.txt"
    path.write_bytes(b"y" * 250_000)
    assert articles._read_up_to_limit(path, 10) == b"y" * 100_001
    assert articles._read_up_to_limit(path, 100_000) == b"y" * 100_001
