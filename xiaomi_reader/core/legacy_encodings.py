"""Text that is not UTF-8: detecting a legacy encoding, or saying it cannot be told.

Several code pages read each other's bytes without errors, so a guess is taken only
when it is clear; otherwise the caller refuses the file rather than corrupt it.
"""

from __future__ import annotations

import re

from charset_normalizer import from_bytes

__all__ = ["decode_legacy", "decode_or_none"]

_UNICODE_ENCODINGS = ("utf_8", "utf_16", "utf_32", "utf_7")
_MULTIBYTE_ENCODINGS = frozenset(
    {
        "big5",
        "big5hkscs",
        "cp932",
        "cp936",
        "cp949",
        "cp950",
        "euc_jis_2004",
        "euc_jisx0213",
        "euc_jp",
        "euc_kr",
        "gb18030",
        "gb2312",
        "gbk",
        "johab",
        "shift_jis",
        "shift_jis_2004",
        "shift_jisx0213",
    }
)
_MAX_CHAOS = 0.1
_MIN_COHERENCE = 0.2
_TIE_CHAOS = 0.01
_TIE_COHERENCE = 0.05


def decode_legacy(data: bytes) -> str | None:
    """Decode non-UTF-8 bytes in a legacy encoding, or return None when unsure."""
    western = _decode_western(data)
    if western is not None:
        return western
    candidates = [
        match
        for match in from_bytes(data)
        if not match.encoding.startswith(_UNICODE_ENCODINGS) and match.chaos <= _MAX_CHAOS
    ]
    if not candidates:
        return None
    best = candidates[0]
    text = decode_or_none(data, best.encoding)
    if text is None or best.encoding in _MULTIBYTE_ENCODINGS:
        # Multi-byte encodings carry structural evidence of their own.
        return text
    # A single-byte guess is trusted only when a language was recognised and no
    # equally good code page reads the bytes differently (e.g. Latin-2 vs Baltic).
    if best.coherence < _MIN_COHERENCE:
        return None
    rivals = (
        other
        for other in candidates[1:]
        if other.encoding not in _MULTIBYTE_ENCODINGS
        and abs(other.chaos - best.chaos) <= _TIE_CHAOS
        and abs(other.coherence - best.coherence) <= _TIE_COHERENCE
    )
    if any(decode_or_none(data, other.encoding) != text for other in rivals):
        return None
    return text


def decode_or_none(data: bytes, encoding: str) -> str | None:
    """``data`` decoded strictly in ``encoding``, or None if it is not valid in it."""
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


# charset_normalizer often ranks Central European or Baltic code pages above
# Windows-1252 for short Western texts, so Windows-1252 is checked first with a
# heuristic that rejects the typical look of other code pages read as 1252.

# Bytes that are UTF-8 encoded Latin-1 letters or typographic quotes: a file
# containing them is damaged UTF-8, not Windows-1252.
_UTF8_MOJIBAKE = re.compile(rb"[\xc2\xc3][\x80-\xbf]|\xe2\x80[\x80-\xbf]")
_LOANWORD_LETTERS = "àáâäçèéêëíîïñóôöúûüæœ"
_WESTERN_ALPHABETS: tuple[frozenset[str], ...] = tuple(
    frozenset(letters)
    for letters in (
        _LOANWORD_LETTERS + "ßùÿ",  # English, French, German, Spanish, Dutch
        "áâãàçéêíóôõúü",  # Portuguese
        "àèéìíîïòóùúç",  # Italian, Catalan
        "åäöæøéüáó",  # Nordic
        "áðéíóúýþæöø",  # Icelandic, Faroese
    )
)
_NEUTRAL_LETTERS = frozenset("ªºµ")
_WORD_INNER_SYMBOLS = frozenset("’‘´·\xad\xa0–—…")
_MAX_ACCENTED_SHARE = 0.5
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_LETTERS = re.compile(r"[A-Za-z]")


def _decode_western(data: bytes) -> str | None:
    if _UTF8_MOJIBAKE.search(data):
        return None
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    return text if _looks_western(text) else None


def _looks_western(text: str) -> bool:
    non_ascii = [match.start() for match in _NON_ASCII.finditer(text)]
    accented = [
        text[index].lower()
        for index in non_ascii
        if text[index].isalpha() and text[index] not in _NEUTRAL_LETTERS
    ]
    # Cyrillic, Greek or CJK bytes read as 1252 are almost all accented letters.
    ascii_letters = _ASCII_LETTERS.subn("", text)[1]
    if len(accented) > _MAX_ACCENTED_SHARE * (len(accented) + ascii_letters):
        return False
    if not any(set(accented) <= alphabet for alphabet in _WESTERN_ALPHABETS):
        return False
    return not any(_is_symbol_inside_word(text, index) for index in non_ascii)


def _is_symbol_inside_word(text: str, index: int) -> bool:
    # Polish or Czech read as 1252 puts symbols such as "¿" or "³" between letters.
    char = text[index]
    if char.isalpha() or char in _WORD_INNER_SYMBOLS or not 0 < index < len(text) - 1:
        return False
    return text[index - 1].isalpha() and text[index + 1].isalpha()
