"""Tests for turning article files into text and metadata (xiaomi_reader.core.articles)."""

from __future__ import annotations

import codecs
import dataclasses
import os
import random
import re
import socket
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from xiaomi_reader.core import articles
from xiaomi_reader.core.articles import (
    MAX_ARTICLE_BYTES,
    SUPPORTED_SUFFIXES,
    ArticleRefused,
    ParsedArticle,
    article_iri,
    content_hash,
    decode_text,
    parse_article_bytes,
    parse_article_file,
)

ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    else:
        path.write_bytes(content)
    return path


def refusal(path: Path) -> str:
    with pytest.raises(ArticleRefused) as info:
        parse_article_file(path)
    assert info.value.reason == str(info.value)
    return info.value.reason


# --- public constants and hashing ---------------------------------------------------


def test_constants():
    assert MAX_ARTICLE_BYTES == 20 * 1024 * 1024
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".markdown", ".html", ".htm")


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


# --- plain text ---------------------------------------------------------------------


def test_txt_title_is_first_non_blank_line_and_text_is_whole_file(tmp_path):
    content = "\n  \n   Storm hits the coast  \nWinds reached 120 km/h.\n"
    article = parse_article_file(write(tmp_path, "storm.txt", content))
    assert article.title == "Storm hits the coast"
    assert article.text == content
    assert article.file_name == "storm.txt"
    assert (article.date, article.source, article.url) == (None, None, None)


def test_txt_title_line_of_exactly_150_characters_is_kept(tmp_path):
    line = "a" * 150
    article = parse_article_file(write(tmp_path, "a.txt", line + "\nbody"))
    assert article.title == line


def test_txt_long_first_line_uses_first_sentence(tmp_path):
    line = "Parliament passed the budget. " + "It includes many details " * 10
    article = parse_article_file(write(tmp_path, "budget.txt", line))
    assert article.title == "Parliament passed the budget."


def test_txt_long_first_sentence_is_cut_at_a_word_boundary(tmp_path):
    words = [f"word{index}" for index in range(60)]
    line = " ".join(words) + "."
    article = parse_article_file(write(tmp_path, "long.txt", line))
    title = article.title
    assert title.endswith("…")
    assert len(title) <= 100
    kept = title.removesuffix("…").split(" ")
    assert kept == words[: len(kept)]  # whole words only
    assert len(kept) > 10


def test_txt_title_skips_decoration_and_falls_back_to_stem(tmp_path):
    article = parse_article_file(write(tmp_path, "rule.txt", "* * *\n\nReal title\ntext"))
    assert article.title == "Real title"
    article = parse_article_file(write(tmp_path, "only-symbols.txt", "---\n***\n"))
    assert article.title == "only-symbols"


def test_txt_suffix_is_case_insensitive(tmp_path):
    article = parse_article_file(write(tmp_path, "LOUD.TXT", "Hello"))
    assert article.text == "Hello"


# --- Markdown -------------------------------------------------------------------------


def test_md_front_matter_with_quotes_aliases_and_verbatim_body(tmp_path):
    content = (
        "---\n"
        'Title: "Rates: up again"\n'
        "date: 2024-02-29T08:15:00+01:00\n"
        "publisher: 'O''Brien Weekly'\n"
        "Link: https://example.com/rates?id=7\n"
        "tags:\n"
        "  - economy\n"
        "unknown: ignored\n"
        "---\n"
        "\n"
        "# Heading that is not the title\n"
        "The bank *empahasized*  its  view.  \n"
    )
    article = parse_article_file(write(tmp_path, "rates.md", content))
    assert article.title == "Rates: up again"
    assert article.date == "2024-02-29"
    assert article.source == "O'Brien Weekly"
    assert article.url == "https://example.com/rates?id=7"
    # Only the newline ending the closing fence goes; the blank line stays.
    assert article.text == (
        "\n# Heading that is not the title\nThe bank *empahasized*  its  view.  \n"
    )


@pytest.mark.parametrize("key", ["source", "outlet", "publisher", "SOURCE"])
def test_md_source_aliases(tmp_path, key):
    content = f"---\n{key}: The Courier\n---\nBody text.\n"
    assert parse_article_file(write(tmp_path, "a.markdown", content)).source == "The Courier"


def test_md_missing_closing_fence_means_no_front_matter(tmp_path):
    content = "---\ntitle: Never closed\n\n# Real heading\nBody.\n"
    article = parse_article_file(write(tmp_path, "open.md", content))
    assert article.text == content
    assert article.title == "Real heading"
    assert article.date is None


def test_md_horizontal_rules_are_not_front_matter(tmp_path):
    content = "---\nA paragraph between two rules.\n---\nMore text.\n"
    article = parse_article_file(write(tmp_path, "rules.md", content))
    assert article.text == content
    assert article.title == "A paragraph between two rules."


def test_md_title_from_first_h1_outside_code(tmp_path):
    content = "Intro line\n```sh\n# not a heading\n```\n## Sub\n# Main Title #\ntext\n"
    article = parse_article_file(write(tmp_path, "h.md", content))
    assert article.title == "Main Title"
    assert article.text == content


def test_md_without_heading_uses_text_rule(tmp_path):
    article = parse_article_file(write(tmp_path, "n.md", "## Second level\n\nbody"))
    assert article.title == "Second level"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05", "2024-03-05"),
        ('"2024-03-05"', "2024-03-05"),
        ("2024-03-05 10:00", "2024-03-05"),
        ("2024-02-30", None),
        ("March 5, 2024", None),
        ("05/03/2024", None),
        ("20240305", None),
        ("", None),
    ],
)
def test_md_date_is_never_invented(tmp_path, value, expected):
    content = f"---\ndate: {value}\n---\nBody.\n"
    assert parse_article_file(write(tmp_path, "d.md", content)).date == expected


def test_md_non_web_url_is_dropped(tmp_path):
    content = "---\nurl: javascript:alert(1)\n---\nBody.\n"
    assert parse_article_file(write(tmp_path, "u.md", content)).url is None


def test_md_front_matter_only_is_refused(tmp_path):
    reason = refusal(write(tmp_path, "meta.md", "---\ntitle: Nothing else\n---\n\n  \n"))
    assert "empty" in reason
    assert '"meta.md"' in reason


# --- HTML ---------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Page title | Daily</title>
  <meta property="og:title" content="  Flood   warning issued ">
  <meta property="og:site_name" content="The Daily Example">
  <meta property="article:published_time" content="2024-03-05T10:00:00Z">
  <link rel="canonical" href="https://example.com/flood">
  <meta property="og:url" content="https://example.com/og-flood">
  <style>p { color: red; }</style>
  <script>document.write("<p>INJECTED</p>");</script>
</head>
<body>
  <nav><a href="/">Home</a> NAVTEXT</nav>
  <article>
    <h1>Flood warning</h1>
    <p>Rivers   rose
       overnight &amp; roads closed &mdash; &ldquo;stay home&rdquo;, said&nbsp;officials.</p>
    <img src="http://example.com/photo.jpg" alt="ALTTEXT">
    <iframe src="http://example.com/embed">IFRAMETEXT</iframe>
    <p>Second <b>paragraph</b><br>after a break.</p>
    <pre>
  level:   4.2 m
    rising
</pre>
    <ul><li>Item one</li><li>Item two</li></ul>
  </article>
  <aside>ASIDETEXT</aside>
  <form><button>BUTTONTEXT</button></form>
  <noscript>NOSCRIPTTEXT</noscript>
  <svg><title>SVGTITLE</title><text>SVGTEXT</text></svg>
  <footer>FOOTERTEXT</footer>
</body>
</html>
"""


def test_html_extracts_readable_paragraphs(tmp_path):
    article = parse_article_file(write(tmp_path, "flood.html", PAGE))
    assert article.text == (
        "Flood warning\n\n"
        "Rivers rose overnight & roads closed — “stay home”, said\xa0officials.\n\n"
        "Second paragraph\n\n"
        "after a break.\n\n"
        "  level:   4.2 m\n    rising\n\n"
        "Item one\n\n"
        "Item two"
    )
    for hidden in ("INJECTED", "color", "NAVTEXT", "ALTTEXT", "IFRAMETEXT", "ASIDETEXT"):
        assert hidden not in article.text
    for hidden in ("BUTTONTEXT", "NOSCRIPTTEXT", "SVG", "FOOTERTEXT", "Page title", "http"):
        assert hidden not in article.text


def test_html_metadata(tmp_path):
    article = parse_article_file(write(tmp_path, "flood.html", PAGE))
    assert article.title == "Flood warning issued"
    assert article.date == "2024-03-05"
    assert article.source == "The Daily Example"
    assert article.url == "https://example.com/flood"
    assert article.file_name == "flood.html"


def test_html_is_parsed_without_network(tmp_path, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("an article file must never cause network access")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    article = parse_article_file(write(tmp_path, "flood.htm", PAGE))
    assert article.text.startswith("Flood warning")


def test_html_title_falls_back_to_title_then_h1_then_text(tmp_path):
    with_title = "<title> Plain\n title </title><h1>Heading</h1><p>Body</p>"
    assert parse_article_file(write(tmp_path, "a.html", with_title)).title == "Plain title"
    with_h1 = "<body><h1>The <em>Heading</em></h1><p>Body</p></body>"
    assert parse_article_file(write(tmp_path, "b.html", with_h1)).title == "The Heading"
    bare = "<body><p>Just a first paragraph.</p><p>More.</p></body>"
    assert parse_article_file(write(tmp_path, "c.html", bare)).title == "Just a first paragraph."


def test_html_date_and_url_fallbacks(tmp_path):
    page = (
        '<head><meta name="date" content="2023-12-01"><meta property="og:url" '
        'content="https://example.com/og"></head><body><p>Text</p></body>'
    )
    article = parse_article_file(write(tmp_path, "a.html", page))
    assert (article.date, article.url) == ("2023-12-01", "https://example.com/og")
    page = '<body><time datetime="not a date">x</time><time datetime="2022-07-14T09:00">y</time>'
    article = parse_article_file(write(tmp_path, "b.html", page))
    assert article.date == "2022-07-14"
    assert article.url is None and article.source is None


def test_html_invalid_meta_date_is_ignored(tmp_path):
    page = '<meta property="article:published_time" content="yesterday"><p>Text</p>'
    assert parse_article_file(write(tmp_path, "a.html", page)).date is None


def test_html_meta_charset_is_respected(tmp_path):
    page = '<html><head><meta charset="windows-1252"></head><body><p>Caf\xe9 \u201cx\u201d</p>'
    article = parse_article_file(write(tmp_path, "a.html", page.encode("cp1252")))
    assert article.text == "Café “x”"


def test_html_http_equiv_charset_is_respected(tmp_path):
    page = (
        '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
        "<p>Se\xf1or N\xfa\xf1ez</p>"
    )
    article = parse_article_file(write(tmp_path, "a.html", page.encode("latin-1")))
    assert article.text == "Señor Núñez"


def test_html_bom_wins_over_meta_charset(tmp_path):
    page = '<meta charset="iso-8859-1"><p>Grüße 日本</p>'
    data = codecs.BOM_UTF16_LE + page.encode("utf-16-le")
    assert parse_article_file(write(tmp_path, "a.html", data)).text == "Grüße 日本"


def test_html_without_readable_text_is_refused(tmp_path):
    page = "<html><head><title>T</title></head><body><script>x()</script> <nav>Menu</nav></body>"
    reason = refusal(write(tmp_path, "empty.html", page))
    assert "no readable text" in reason


# --- encodings ------------------------------------------------------------------------

SAMPLE = "Grüße, café, 日本語, emoji 🙂 and “quotes”."


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_byte_order_marks_decode_and_are_stripped(tmp_path, bom, codec):
    article = parse_article_file(write(tmp_path, "bom.txt", bom + SAMPLE.encode(codec)))
    assert article.text == SAMPLE
    assert article.title == SAMPLE


def test_utf8_without_bom():
    assert decode_text(SAMPLE.encode("utf-8")) == SAMPLE


def test_cp1252_smart_quotes_and_accents_are_decoded(tmp_path):
    text = (
        "“Smart quotes” are back, said the café owner – it’s déjà vu.\r\n"
        "Prices rose 5 % in the première semaine…\r\n"
    )
    article = parse_article_file(write(tmp_path, "legacy.txt", text.encode("cp1252")))
    assert article.text == text.replace("\r\n", "\n")
    assert article.title == "“Smart quotes” are back, said the café owner – it’s déjà vu."


def test_cp1251_is_detected():
    text = "Правительство объявило о новых мерах поддержки экономики."
    assert decode_text(text.encode("cp1251")) == text


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("A kormány új intézkedéseket jelentett be a gazdaság támogatására, ő és ű.", "cp1250"),
        ("Vláda schválila nový zákon o podpoře malých podniků a živnostníků.", "cp1250"),
        ("Zażółć gęślą jaźń, pchnąć w tę łódź jeża lub ośm skrzyń fig.", "cp1250"),
        ("Valdība paziņoja par jauniem pasākumiem ekonomikas atbalstam.", "cp1257"),
        ("Hükümet, küçük işletmeler için yeni bir destek paketi açıkladı.", "cp1254"),
    ],
)
def test_ambiguous_legacy_latin_is_decoded_right_or_refused(text, codec):
    # These code pages read each other's bytes without errors; a wrong guess
    # would silently corrupt the article, so refusing is the acceptable failure.
    try:
        decoded = decode_text(text.encode(codec))
    except ArticleRefused as exc:
        assert "save it as UTF-8" in exc.reason
    else:
        assert decoded == text


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(0x80, 0x100)) * 2,
        b"\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x28\x8c\xbc",
        # UTF-8 damaged by a few Latin-1 bytes: refused rather than misread.
        "Le café ".encode() + b"\xe9t\xe9 d\xe9j\xe0",
    ],
)
def test_undetectable_bytes_are_refused(tmp_path, data):
    reason = refusal(write(tmp_path, "odd.txt", data))
    assert "not valid UTF-8" in reason
    assert "save it as UTF-8" in reason


def test_bom_with_invalid_content_is_refused():
    with pytest.raises(ArticleRefused, match="UTF-8 byte order mark"):
        decode_text(codecs.BOM_UTF8 + b"ok \xff\xfe then broken")
    with pytest.raises(ArticleRefused, match="UTF-16"):
        decode_text(codecs.BOM_UTF16_BE + b"\xd8\x00\x00a")  # lone surrogate


def test_decoding_never_produces_replacement_characters():
    for text, codec in ((SAMPLE, "utf-8"), ("café “x”", "cp1252"), ("Não é", "cp1252")):
        decoded = decode_text(text.encode(codec))
        assert decoded == text
        assert "\ufffd" not in decoded


def test_bomless_utf16_gets_a_specific_reason(tmp_path):
    reason = refusal(write(tmp_path, "u16.txt", "Hello world".encode("utf-16-le")))
    assert "UTF-16" in reason and "byte order mark" in reason


# --- newlines and verbatim text ------------------------------------------------------------


def test_crlf_and_lone_cr_become_lf_and_nothing_else_changes(tmp_path):
    data = b"Title\r\n\r\n  indented line  \r\nold mac\rline\ttab\x0cfeed\xe2\x80\xa8sep  \r\n"
    article = parse_article_file(write(tmp_path, "nl.txt", data))
    assert article.text == "Title\n\n  indented line  \nold mac\nline\ttab\x0cfeed\u2028sep  \n"


def test_crlf_front_matter(tmp_path):
    data = b"---\r\ntitle: Windows\r\n---\r\nBody\r\n"
    article = parse_article_file(write(tmp_path, "w.md", data))
    assert (article.title, article.text) == ("Windows", "Body\n")


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


# --- refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
        (b"GIF89a\x01\x00\x01\x00", "GIF image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"PK\x03\x04\x14\x00", "ZIP archive"),
        (b"\x7fELF\x02\x01\x01", "executable"),
    ],
)
def test_binary_magic_is_refused(tmp_path, data, expected):
    reason = refusal(write(tmp_path, "disguised.txt", data))
    assert expected in reason and "not text" in reason


def test_random_bytes_with_nuls_are_refused(tmp_path):
    rng = random.Random(1234)
    data = b"A" + bytes(rng.randrange(256) for _ in range(4096)) + b"\x00"
    assert "binary file" in refusal(write(tmp_path, "random.md", data))


def test_control_heavy_text_is_refused(tmp_path):
    data = bytes(range(1, 9)) * 50 + b"some words"
    assert "binary file" in refusal(write(tmp_path, "controls.txt", data))


def test_a_few_control_characters_are_kept(tmp_path):
    text = "Bell \x07 in an otherwise normal article text of some length."
    assert parse_article_file(write(tmp_path, "bell.txt", text)).text == text


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  ", codecs.BOM_UTF8, b"\n\n"])
@pytest.mark.parametrize("name", ["e.txt", "e.md", "e.html"])
def test_empty_and_whitespace_only_are_refused(tmp_path, content, name):
    reason = refusal(write(tmp_path, name, content))
    assert "empty" in reason or "no readable text" in reason
    assert f'"{name}"' in reason


def test_oversize_file_is_refused_without_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_ARTICLE_BYTES + 1)  # sparse: nothing is written

    def no_open(*args, **kwargs):
        raise AssertionError("the file was opened despite its size")

    monkeypatch.setattr(articles, "open", no_open, raising=False)
    reason = refusal(path)
    assert "the limit is 20 MB" in reason
    assert "20,971,521 bytes" in reason


def test_oversize_reason_shows_megabytes(tmp_path):
    path = tmp_path / "big.md"
    with path.open("wb") as handle:
        handle.truncate(int(31.2 * 1024 * 1024))
    assert "is 31.2 MB; the limit is 20 MB" in refusal(path)


def test_oversize_bytes_are_refused():
    with pytest.raises(ArticleRefused, match="limit is 20 MB"):
        parse_article_bytes(b"a" * (MAX_ARTICLE_BYTES + 1), "big.txt")


@pytest.mark.parametrize("name", ["report.pdf", "letter.docx", "README", "page.html.bak"])
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
            CONTROL.search(text)
            or text.startswith(MAGIC_TEXT_PREFIXES)
            or not expected.strip()
        ), exc.reason
        return
    assert article.text == expected
    assert article.title
    assert len(article.title) <= 150
