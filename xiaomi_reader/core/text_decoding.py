"""Bytes of a text file to text: byte order marks, UTF-8, and refusing what is not text.

Decoding is always strict: a wrong guess is refused rather than turned into
replacement characters, since annotations are anchored to the exact text.
"""

from __future__ import annotations

import codecs

from xiaomi_reader.core.article_record import ArticleRefused
from xiaomi_reader.core.legacy_encodings import decode_legacy, decode_or_none

__all__ = ["decode", "normalise_newlines"]

# UTF-32 LE must be tried before UTF-16 LE: its BOM starts with the UTF-16 LE BOM.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or office document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x7fELF", "an executable program"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"{\\rtf", "an RTF document"),
)
_MAGIC_PREFIXES = tuple(magic for magic, _kind in _MAGIC)

# C0 and C1 controls except tab, newline, vertical tab, form feed and carriage return,
# as Latin-1 bytes: every one of them is a Latin-1 character.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0xA0)])
_MAX_CONTROL_SHARE = 0.1


def decode(data: bytes, subject: str, declared: str | None = None) -> str:
    """Decode the bytes of a text file, refusing binary or undecodable data.

    A byte order mark (UTF-8, UTF-16, UTF-32) decides the encoding and is stripped.
    Without one the data must be in ``declared`` (an encoding the file names itself,
    as HTML does), UTF-8, or a legacy encoding that can be detected with confidence.
    ``subject`` names the file in refusals.
    """
    if not data:
        raise ArticleRefused(f"{subject} is empty.")
    text = _decode_with_bom(data, subject)
    if text is None:
        _check_binary_bytes(data, subject)
        # A wrong declaration is common; UTF-8 and detection are the fallback.
        text = decode_or_none(data, declared) if declared else None
        if text is None:
            text = _decode_without_bom(data, subject)
    _check_binary_text(text, subject)
    return text


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; nothing else in the text changes."""
    if "\r" not in text:
        return text  # most files: one scan instead of a search for each replacement
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_with_bom(data: bytes, subject: str) -> str | None:
    for bom, codec, label in _BOMS:
        if not data.startswith(bom):
            continue
        try:
            return data[len(bom) :].decode(codec)
        except UnicodeDecodeError:
            if label == "UTF-32":
                continue  # FF FE 00 00 may also be UTF-16 LE text
            raise ArticleRefused(
                f"{subject} starts with a {label} byte order mark but is not valid {label}; "
                "save it as UTF-8."
            ) from None
    return None


def _check_binary_bytes(data: bytes, subject: str) -> None:
    if data.startswith(_MAGIC_PREFIXES):
        kind = next(kind for magic, kind in _MAGIC if data.startswith(magic))
        raise ArticleRefused(f"{subject} is {kind}, not text.")
    if b"\x00" not in data:
        return
    if _looks_like_bomless_utf16(data):
        raise ArticleRefused(
            f"{subject} looks like UTF-16 text without a byte order mark; save it as UTF-8."
        )
    raise ArticleRefused(f"{subject} is a binary file, not text.")


def _looks_like_bomless_utf16(data: bytes) -> bool:
    # Mostly-Latin UTF-16 has a zero in nearly every other byte.
    half = len(data) // 2
    if half < 2:
        return False
    zeros = max(data[0::2].count(0), data[1::2].count(0))
    return zeros >= 0.9 * half


def _check_binary_text(text: str, subject: str) -> None:
    # Every control is a Latin-1 character: the text's Latin-1 characters as bytes hold
    # them all, and bytes are searched and counted in C (a regular expression over the
    # text took longer than reading the file).
    latin_1 = text.encode("latin-1", "ignore")
    controls = len(latin_1) - len(latin_1.translate(None, _CONTROL_BYTES))
    if b"\x00" in latin_1 or controls > _MAX_CONTROL_SHARE * len(text):
        raise ArticleRefused(f"{subject} is a binary file, not text.")


def _decode_without_bom(data: bytes, subject: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = decode_legacy(data)
    if text is None:
        raise ArticleRefused(
            f"{subject} is not valid UTF-8 and its encoding could not be detected; "
            "save it as UTF-8."
        )
    return text
