"""The article reader's public face (xiaomi_reader.core.articles): records, hashes, plain text.

Each job of the reader has its own tests beside this file: files and refusals
(test_article_files), decoding (test_text_decoding), Markdown, HTML and titles.
"""

from __future__ import annotations

import codecs
import dataclasses
import hashlib
import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.core import refusal, write
from xiaomi_reader.core.articles import (
    MAX_ARTICLE_BYTES,
    SUPPORTED_SUFFIXES,
    ArticleRefused,
    ParsedArticle,
    article_iri,
    article_iri_of_hash,
    content_hash,
    parse_article_bytes,
    parse_article_file,
)

ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
PACKAGE = Path(__file__).resolve().parents[2] / "xiaomi_reader"

# --- public constants and hashing ---------------------------------------------------


def test_constants():
    assert MAX_ARTICLE_BYTES == 20 * 1024 * 1024
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")


def test_content_hash_known_value_and_iri():
    assert content_hash("abc") == ABC_SHA256
    assert article_iri("abc") == "urn:sha256:" + ABC_SHA256


def test_content_hash_is_stable_and_sensitive_to_every_character():
    text = "Le café est fermé."
    assert content_hash(text) == content_hash("Le café est fermé.")
    assert content_hash(text) != content_hash(text + " ")
    # NFC and NFD spellings are different texts: nothing is normalised.
    assert content_hash("\u00e9") != content_hash("e\u0301")


def test_refusal_is_a_value_error_with_reason():
    exc = ArticleRefused("is empty")
    assert isinstance(exc, ValueError)
    assert exc.reason == str(exc) == "is empty"


def test_parsed_article_is_frozen():
    article = ParsedArticle(text="t", title="T")
    assert (article.date, article.source, article.url, article.file_name) == (None,) * 4
    with pytest.raises(dataclasses.FrozenInstanceError):
        article.title = "other"  # type: ignore[misc]


def test_digest_is_the_hash_of_the_text_and_no_field_of_the_record(tmp_path):
    crlf = write(tmp_path, "crlf.txt", "Title\r\nBody \u2014 text.\r\n")
    plain = write(tmp_path, "plain.txt", "Title\nBody \u2014 text.\n")
    with_bom = write(tmp_path, "bom.txt", codecs.BOM_UTF8 + "Title\nBody \u2014 text.\n".encode())
    parsed = [parse_article_file(path) for path in (crlf, plain, with_bom)]
    assert {article.text for article in parsed} == {"Title\nBody \u2014 text.\n"}
    assert {article.digest for article in parsed} == {content_hash("Title\nBody \u2014 text.\n")}
    made = ParsedArticle(text="abc", title="T")
    assert made.digest == ABC_SHA256
    assert made == ParsedArticle(text="abc", title="T")  # the cached hash is no field
    assert article_iri_of_hash(made.digest) == article_iri("abc")


def test_the_original_is_hashed_as_read_and_is_the_text_only_when_byte_for_byte(tmp_path):
    body = "Title\nBody \u2014 caf\u00e9.\n"
    files = {
        "plain.txt": body.encode(),
        "crlf.txt": body.replace("\n", "\r\n").encode(),
        "bom.txt": codecs.BOM_UTF8 + body.encode(),
        "latin.txt": body.replace("\u2014", "-").encode("cp1252"),
    }
    for name, data in files.items():
        article = parse_article_file(write(tmp_path, name, data))
        assert article.hashes.text == content_hash(article.text) == article.digest
        assert article.hashes.original == hashlib.sha256(data).hexdigest(), name
        assert article.hashes.original_is_text == (name == "plain.txt"), name
    assert ParsedArticle(text="abc", title="T").hashes.original is None


@pytest.mark.parametrize(("name", "suffix"), [("a.md", ".md"), ("b.html", ".html")])
def test_digest_of_markdown_and_html_is_the_hash_of_the_text_kept(name: str, suffix: str):
    data = b"---\ntitle: T\n---\nBody\r\n" if suffix == ".md" else b"<p>Body &amp; more</p>"
    article = parse_article_bytes(data, name)
    assert article.digest == content_hash(article.text)
    assert article.text == ("Body\n" if suffix == ".md" else "Body & more")


# The names other parts of the program, the tests and the benchmarks import from here.
PUBLIC_NAMES = [
    "MAX_ARTICLE_BYTES", "SUPPORTED_SUFFIXES", "ArticleRefused", "Original", "ParsedArticle",
    "article_iri",
    "article_iri_of_hash", "content_hash", "decode_text", "parse_article_bytes",
    "parse_article_file",
]  # fmt: skip
# The reader's rooms, one job each.
READER_MODULES = [
    "articles", "article_files", "article_metadata", "article_record", "html_articles",
    "legacy_encodings", "markdown_articles", "page_extraction", "text_decoding", "titles",
    "pdf_articles", "docx_articles", "originals",
]  # fmt: skip


def test_the_public_names_stay_where_the_rest_of_the_program_finds_them():
    articles = importlib.import_module("xiaomi_reader.core.articles")
    assert sorted(articles.__all__) == sorted(PUBLIC_NAMES)
    assert all(hasattr(articles, name) for name in PUBLIC_NAMES)


@pytest.mark.parametrize("module", READER_MODULES)
def test_each_room_of_the_reader_is_small_and_imports_on_its_own(module: str):
    path = PACKAGE / "core" / f"{module}.py"
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400
    # A fresh interpreter importing this module first would fail on an import circle.
    subprocess.run([sys.executable, "-c", f"import xiaomi_reader.core.{module}"], check=True)


# --- plain text ---------------------------------------------------------------------


def test_txt_title_is_first_non_blank_line_and_text_is_whole_file(tmp_path):
    content = "\n  \n   Storm hits the coast  \nWinds reached 120 km/h.\n"
    article = parse_article_file(write(tmp_path, "storm.txt", content))
    assert article.title == "Storm hits the coast"
    assert article.text == content
    assert article.file_name == "storm.txt"
    assert (article.date, article.source, article.url) == (None, None, None)


def test_txt_suffix_is_case_insensitive(tmp_path):
    article = parse_article_file(write(tmp_path, "LOUD.TXT", "Hello"))
    assert article.text == "Hello"


@pytest.mark.parametrize(
    "sample",
    [
        "Family 👨‍👩‍👧‍👦, flags 🇯🇵🇫🇷, skin tone 👍🏽",
        "中文新闻标题：经济增长放缓",
        "العربية: مرحبا بالعالم \u200fوהעברית: שלום עולם",
        "Cafe\u0301 with combining accent, Z\u0335a\u0336l\u0337g\u0338o, 한국어",
    ],
)
def test_unicode_round_trips_exactly(tmp_path, sample):
    for name, content in (
        ("u.txt", sample + "\n"),
        ("u.md", f"---\ntitle: {sample}\n---\n{sample}\n"),
    ):
        article = parse_article_file(write(tmp_path, name, content))
        assert article.text == sample + "\n"
        assert article.title == sample
        assert content_hash(article.text) == content_hash(sample + "\n")
    html = parse_article_file(write(tmp_path, "u.html", f"<p>{sample}</p>"))
    assert html.text == sample


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  ", codecs.BOM_UTF8, b"\n\n"])
@pytest.mark.parametrize("name", ["e.txt", "e.md", "e.html"])
def test_empty_and_whitespace_only_are_refused(tmp_path, content, name):
    reason = refusal(write(tmp_path, name, content))
    assert "empty" in reason or "no readable text" in reason
    assert f'"{name}"' in reason


# --- property ---------------------------------------------------------------------------

# C0/C1 controls other than tab, LF, VT, FF and CR: the only reason valid text may be refused.
CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
MAGIC_TEXT_PREFIXES = ("%PDF-", "GIF87a", "GIF89a", "{\\rtf")


@settings(max_examples=150, deadline=None, database=None)
@given(text=st.text())
def test_any_utf8_text_round_trips_or_is_refused_cleanly(tmp_path_factory, text):
    assume(text.strip())
    path = tmp_path_factory.getbasetemp() / "property.txt"
    path.write_bytes(text.encode("utf-8"))
    # A leading U+FEFF is indistinguishable from a UTF-8 byte order mark.
    expected = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    try:
        article = parse_article_file(path)
    except ArticleRefused as exc:
        assert exc.reason
        assert (
            CONTROL.search(text) or text.startswith(MAGIC_TEXT_PREFIXES) or not expected.strip()
        ), exc.reason
        return
    assert article.text == expected
    assert article.title
    assert len(article.title) <= 150
