"""Bytes to text: byte order marks, UTF-8, legacy encodings, and refusing what is not text."""

from __future__ import annotations

import codecs
import random

import pytest

from tests.core import refusal, write
from xiaomi_reader.core.articles import (
    ArticleRefused,
    decode_text,
    parse_article_bytes,
    parse_article_file,
)

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


# --- control characters --------------------------------------------------------------------

UNICODE_FILES = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8 with BOM": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "utf-16": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-32": lambda text: codecs.BOM_UTF32_BE + text.encode("utf-32-be"),
}


@pytest.mark.parametrize("encoding", UNICODE_FILES)
@pytest.mark.parametrize(
    ("letters", "controls", "kept"),
    [
        ("\u5c0f" * 90, "\x07" * 10, True),  # 10 of 100 characters: at the limit, kept
        ("\u5c0f" * 89, "\x07" * 11, False),
        ("\U0001f642" * 90, "\x1b" * 10, True),  # astral letters count one each
        ("\U0001f642" * 89, "\x1b" * 11, False),
        ("caf\u00e9 " * 18, "\x85\x9f" * 5, True),  # C1 controls count like C0 ones
        ("caf\u00e9 " * 18, "\x85\x9f\x7f" * 4, False),
    ],
)
def test_the_share_of_control_characters_is_counted_in_characters_of_the_text(
    encoding: str, letters: str, controls: str, kept: bool
):
    text = letters + controls
    data = UNICODE_FILES[encoding](text)
    if kept:
        assert parse_article_bytes(data, "c.txt").text == text
    else:
        with pytest.raises(ArticleRefused) as refused:
            parse_article_bytes(data, "c.txt")
        assert refused.value.reason == '"c.txt" is a binary file, not text.'


@pytest.mark.parametrize("encoding", UNICODE_FILES)
def test_a_single_nul_character_makes_a_binary_file(encoding: str):
    text = "A long enough article text \u5c0f\U0001f642 with one \x00 in it."
    data = UNICODE_FILES[encoding](text)
    with pytest.raises(ArticleRefused, match="binary file, not text"):
        parse_article_bytes(data, "nul.txt")


def test_whitespace_controls_are_text_and_windows_1252_bytes_80_to_9f_are_letters():
    text = "Tab\tvertical\x0bfeed\x0cline\n" * 10
    assert parse_article_bytes(text.encode(), "ws.txt").text == text
    # In Windows-1252 these bytes are quotes and dashes, not the C1 controls of Latin-1.
    quoted = "\u201cQuoted\u201d \u2013 it\u2019s caf\u00e9 time\u2026\n" * 5
    assert parse_article_bytes(quoted.encode("cp1252"), "q.txt").text == quoted
