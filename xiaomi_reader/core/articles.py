"""Turn an article file into text and metadata, or refuse it with a clear reason.

Supported inputs are plain text (``.txt``), Markdown (``.md``, ``.markdown``) and
HTML (``.html``, ``.htm``).  The article text is kept verbatim apart from newline
normalisation, because annotations are anchored to character offsets and to a hash
of the text: typos, odd spacing and Unicode forms must survive untouched.  Markdown
is not rendered; HTML is reduced to its readable paragraphs without fetching or
executing anything.

Everything that cannot become an article raises :class:`ArticleRefused`, whose
message is a single sentence meant to be shown to the user as is.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path, PurePath
from urllib.parse import urlsplit

from charset_normalizer import from_bytes

from xiaomi_reader.core.display import display_name

__all__ = [
    "MAX_ARTICLE_BYTES",
    "SUPPORTED_SUFFIXES",
    "ArticleRefused",
    "ParsedArticle",
    "article_iri",
    "article_iri_of_hash",
    "content_hash",
    "decode_text",
    "parse_article_bytes",
    "parse_article_file",
]

MAX_ARTICLE_BYTES: int = 20 * 1024 * 1024
SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".markdown", ".html", ".htm")

_MIB = 1024 * 1024
_MARKDOWN_SUFFIXES = (".md", ".markdown")
_HTML_SUFFIXES = (".html", ".htm")

_TITLE_LINE_MAX = 150
_TITLE_CUT_MAX = 100


class ArticleRefused(ValueError):
    """Raised when a file cannot become an article.

    ``str(exc)`` and ``exc.reason`` are the same human sentence: what is wrong and,
    where useful, how to fix it.
    """

    reason: str

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ParsedArticle:
    """An article ready to be stored: its text plus whatever metadata the file gave."""

    text: str
    title: str
    date: str | None = None
    source: str | None = None
    url: str | None = None
    file_name: str | None = None

    @cached_property
    def digest(self) -> str:
        """:func:`content_hash` of the text, computed once (or while the file was read)."""
        return content_hash(self.text)


def content_hash(text: str) -> str:
    """Return the SHA-256 hex digest of ``text`` encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_iri(text: str) -> str:
    """Return the content-addressed identifier of an article text."""
    return article_iri_of_hash(content_hash(text))


def article_iri_of_hash(digest: str) -> str:
    """Return the identifier of the text whose :func:`content_hash` is ``digest``."""
    return "urn:sha256:" + digest


def decode_text(data: bytes) -> str:
    """Decode the bytes of a text file, refusing binary or undecodable data.

    A byte order mark (UTF-8, UTF-16, UTF-32) decides the encoding and is stripped.
    Without one the data must be UTF-8, or a legacy encoding that can be detected
    with confidence.  Decoding is always strict: a wrong guess is refused rather
    than turned into replacement characters.
    """
    return _decode(data, "This file")


def parse_article_bytes(data: bytes, file_name: str) -> ParsedArticle:
    """Parse the contents of an article file; ``file_name`` selects the format."""
    subject = _subject(file_name)
    return _parse_checked_bytes(data, file_name, _checked_suffix(file_name, subject), subject)


def _parse_checked_bytes(data: bytes, file_name: str, suffix: str, subject: str) -> ParsedArticle:
    """Parse once the suffix is known to be supported and the refusal subject is made."""
    _check_size(len(data), subject)
    if suffix in _HTML_SUFFIXES:
        return _parse_html(data, file_name, subject)
    text, is_data_itself = _decode_telling_if_exact(data, subject)
    if "\r" in text:
        text, is_data_itself = _normalise_newlines(text), False
    if suffix in _MARKDOWN_SUFFIXES:
        return _parse_markdown(text, file_name, subject)
    _check_not_blank(text, subject)
    article = ParsedArticle(text=text, title=_plain_title(text, file_name), file_name=file_name)
    if is_data_itself:
        # The bytes read are the text's UTF-8: hash them rather than encode the text again.
        # cached_property keeps its value in the instance's __dict__, so it can be given.
        article.__dict__["digest"] = hashlib.sha256(data).hexdigest()
    return article


def parse_article_file(path: str | os.PathLike[str]) -> ParsedArticle:
    """Read and parse an article file.

    The size is checked from ``stat`` before anything is read, so an oversized
    file is refused without loading it.
    """
    file_path, name = _path_and_name(path)
    subject = _subject(name)
    try:
        info = os.stat(file_path)
    except (FileNotFoundError, NotADirectoryError):
        raise ArticleRefused(f'"{display_name(Path(path))}" does not exist.') from None
    except OSError as exc:
        raise ArticleRefused(_os_error_reason(subject, exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise ArticleRefused(f"{subject} is a folder, not a file.")
    if not stat.S_ISREG(info.st_mode):
        # Reading a pipe or a device could block forever or never end.
        raise ArticleRefused(f"{subject} is not a regular file.")
    suffix = _checked_suffix(name, subject)
    _check_size(info.st_size, subject)
    try:
        data = _read_up_to_limit(file_path, info.st_size)
    except OSError as exc:
        raise ArticleRefused(_os_error_reason(subject, exc)) from None
    return _parse_checked_bytes(data, name, suffix, subject)


def _path_and_name(path: str | os.PathLike[str]) -> tuple[str | os.PathLike[str], str]:
    """The path to open and the file's name, as ``Path(path).name or str(Path(path))``."""
    text = os.fspath(path)
    if isinstance(text, str):
        name = text.rpartition(os.sep)[2]
        if _is_plain_name(name):
            return text, name  # what Path would give, without building one per file
    file_path = Path(path)
    return file_path, file_path.name or str(file_path)


# Asking the OS for the size stat reported plus one byte is what makes a read cheap:
# a read of the whole limit would allocate a 20 MB buffer for every small file.
_GROWTH_CHUNK = 64 * 1024
_O_BINARY: int = getattr(os, "O_BINARY", 0)  # Windows would otherwise translate newlines


def _read_up_to_limit(path: str | os.PathLike[str], expected_size: int) -> bytes:
    """Read a regular file whole, or stop one byte past the limit (a file that grew)."""
    fd = os.open(path, os.O_RDONLY | _O_BINARY)
    try:
        chunks = [os.read(fd, min(expected_size + 1, MAX_ARTICLE_BYTES + 1))]
        total = len(chunks[0])
        while chunks[-1] and total <= MAX_ARTICLE_BYTES:
            chunks.append(os.read(fd, min(_GROWTH_CHUNK, MAX_ARTICLE_BYTES + 1 - total)))
            total += len(chunks[-1])
    finally:
        os.close(fd)
    return chunks[0] if len(chunks) == 2 and not chunks[1] else b"".join(chunks)


# --- refusals -------------------------------------------------------------------


def _base_name(file_name: str) -> str:
    """The last component of a path, as shown in refusals and used for the format."""
    if _is_plain_name(file_name):
        return file_name  # nothing for the costlier PurePath to take apart
    return PurePath(file_name).name or file_name


def _is_plain_name(file_name: str) -> bool:
    separators = (os.sep, os.altsep, ":") if os.name == "nt" else (os.sep,)
    return file_name not in ("", ".", "..") and not any(
        separator in file_name for separator in separators if separator
    )


def _subject(file_name: str) -> str:
    # Every refusal names the file through this: one line, in its real reading order.
    return f'"{display_name(_base_name(file_name))}"'


def _os_error_reason(subject: str, exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return f"{subject} cannot be opened: permission denied."
    if isinstance(exc, IsADirectoryError):
        return f"{subject} is a folder, not a file."
    return f"{subject} cannot be read: {exc.strerror or exc}."


def _split_suffix(file_name: str) -> tuple[str, str]:
    """Return (stem, lower-case suffix); a name like ".md" is all suffix."""
    name = _base_name(file_name)
    stem, dot, ext = name.rpartition(".")
    if not dot:
        return name, ""
    return stem, "." + ext.lower()


def _checked_suffix(file_name: str, subject: str) -> str:
    suffix = _split_suffix(file_name)[1]
    if suffix in SUPPORTED_SUFFIXES:
        return suffix
    supported = ", ".join(SUPPORTED_SUFFIXES[:-1]) + " and " + SUPPORTED_SUFFIXES[-1]
    what = f'is a "{suffix}" file' if suffix else "has no file extension"
    raise ArticleRefused(f"{subject} {what}; supported article files are {supported}.")


def _check_size(size: int, subject: str) -> None:
    if size <= MAX_ARTICLE_BYTES:
        return
    limit_mb = MAX_ARTICLE_BYTES / _MIB
    size_mb = round(size / _MIB, 1)
    # Just over the limit would print as "20.0 MB", which reads as within it.
    shown = f"{size_mb:.1f} MB" if size_mb > limit_mb else f"{size:,} bytes"
    raise ArticleRefused(f"{subject} is {shown}; the limit is {limit_mb:g} MB.")


def _check_not_blank(text: str, subject: str) -> None:
    # isspace() and strip() agree on what whitespace is; isspace() copies nothing.
    if not text or text.isspace():
        detail = ": it contains only whitespace" if text else ""
        raise ArticleRefused(f"{subject} is empty{detail}.")


# --- decoding --------------------------------------------------------------------

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

# C0 and C1 controls except tab, newline, vertical tab, form feed and carriage return.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_SHARE = 0.1
# The same controls as raw bytes: C0 and DEL are single bytes in UTF-8, C1 (U+0080-U+009F)
# is C2 80-C2 9F.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_UTF8_C1_CONTROL = re.compile(rb"\xc2[\x80-\x9f]")
_SPECIAL_PREFIXES = tuple(bom for bom, _codec, _label in _BOMS) + tuple(
    magic for magic, _kind in _MAGIC
)


def _decode(data: bytes, subject: str, declared: str | None = None) -> str:
    """Decode ``data``; ``declared`` is an encoding named by the file itself (HTML)."""
    return _decode_telling_if_exact(data, subject, declared)[0]


def _decode_telling_if_exact(
    data: bytes, subject: str, declared: str | None = None
) -> tuple[str, bool]:
    """Decode ``data``; the flag is True when the text's UTF-8 is exactly ``data``."""
    if not data:
        raise ArticleRefused(f"{subject} is empty.")
    if declared is None or declared == "utf-8":
        text = _decode_clean_utf8(data)
        if text is not None:
            return text, True
    text = _decode_with_bom(data, subject)
    if text is None:
        _check_binary_bytes(data, subject)
        # A wrong declaration is common; detection below is the fallback.
        text = _decode_or_none(data, declared) if declared else None
    if text is None:
        text = _decode_without_bom(data, subject)
    _check_binary_text(text, subject)
    return text, False


def _decode_clean_utf8(data: bytes) -> str | None:
    """The common case, checked in C: UTF-8 without a BOM or control characters.

    Returns None whenever the full path could decide differently (a BOM, a file
    signature, any control character, invalid UTF-8), so that path gives the answer.
    """
    if data.startswith(_SPECIAL_PREFIXES):
        return None
    if len(data.translate(None, _CONTROL_BYTES)) != len(data):
        return None
    # Most files have no C2 lead byte at all, and a memchr is cheaper than the regex.
    if b"\xc2" in data and _UTF8_C1_CONTROL.search(data):
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


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
    for magic, kind in _MAGIC:
        if data.startswith(magic):
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
    controls = _CONTROL_CHARS.subn("", text)[1]
    if "\x00" in text or controls > _MAX_CONTROL_SHARE * len(text):
        raise ArticleRefused(f"{subject} is a binary file, not text.")


def _decode_without_bom(data: bytes, subject: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = _decode_legacy(data)
    if text is None:
        raise ArticleRefused(
            f"{subject} is not valid UTF-8 and its encoding could not be detected; "
            "save it as UTF-8."
        )
    return text


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


def _decode_legacy(data: bytes) -> str | None:
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
    text = _decode_or_none(data, best.encoding)
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
    if any(_decode_or_none(data, other.encoding) != text for other in rivals):
        return None
    return text


def _decode_or_none(data: bytes, encoding: str) -> str | None:
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


def _normalise_newlines(text: str) -> str:
    if "\r" not in text:
        return text  # the usual case: no copies
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- titles and metadata values -----------------------------------------------

_SENTENCE = re.compile(r".+?[.!?…。！？](?=\s|$)")
_MARKDOWN_HEADING_MARKS = re.compile(r"^ {0,3}#{1,6}[ \t]+|[ \t]+#+[ \t]*$")
_ISO_DATE_PREFIX = re.compile(r"\d{4}-\d{2}-\d{2}(?:$|[T ])")
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


def _plain_title(text: str, file_name: str, *, markdown: bool = False) -> str:
    """Title rule for plain text: the first line with a letter or digit in it."""
    for line in _lines(text):
        candidate = _MARKDOWN_HEADING_MARKS.sub("", line) if markdown else line
        candidate = candidate.strip()
        if not any(char.isalnum() for char in candidate):
            continue  # blank lines and decorations such as "* * *"
        if len(candidate) <= _TITLE_LINE_MAX:
            return candidate
        return _shorten(_first_sentence(candidate))
    return _fallback_title(file_name)


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text.split("\\n")``, without splitting the whole text up front."""
    start = 0
    while (end := text.find("\n", start)) >= 0:
        yield text[start:end]
        start = end + 1
    yield text[start:]


def _first_sentence(line: str) -> str:
    match = _SENTENCE.match(line)
    return match.group(0) if match else line


def _shorten(text: str) -> str:
    if len(text) <= _TITLE_CUT_MAX:
        return text
    cut = text[: _TITLE_CUT_MAX - 1]
    space = cut.rfind(" ")
    if space > _TITLE_CUT_MAX // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


def _fallback_title(file_name: str) -> str:
    # The name becomes a title people read: no line breaks or reordering from it either.
    return display_name(_split_suffix(file_name)[0].strip()) or "Untitled"


def _collapse(value: str | None) -> str | None:
    """Collapse whitespace in a metadata value; None when nothing is left."""
    if value is None:
        return None
    collapsed = " ".join(value.split())
    return collapsed or None


def _iso_date(value: str | None) -> str | None:
    """Return YYYY-MM-DD from a date or datetime string, or None; never guess."""
    if value is None:
        return None
    value = value.strip()
    if not _ISO_DATE_PREFIX.match(value):
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def _web_url(value: str | None) -> str | None:
    # Only absolute web addresses: the app may open the link, so "javascript:"
    # or "file:" addresses from a document must not get through.
    if value is None:
        return None
    value = value.strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return value
    return None


# --- Markdown -------------------------------------------------------------------

_FENCE = "---"
_FRONT_MATTER_ENTRY = re.compile(r"([A-Za-z][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]+(.*))?$")
_FRONT_MATTER_KEYS = {
    "title": "title",
    "date": "date",
    "source": "source",
    "outlet": "source",
    "publisher": "source",
    "url": "url",
    "link": "url",
}
_ATX_H1 = re.compile(r"^ {0,3}#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_CODE_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def _parse_markdown(text: str, file_name: str, subject: str) -> ParsedArticle:
    meta, body = _split_front_matter(text)
    if not body.strip():
        raise ArticleRefused(f"{subject} is empty: it contains no article text.")
    title = _collapse(meta.get("title")) or _markdown_h1(body)
    return ParsedArticle(
        text=body,
        title=title or _plain_title(body, file_name, markdown=True),
        date=_iso_date(meta.get("date")),
        source=_collapse(meta.get("source")),
        url=_web_url(meta.get("url")),
        file_name=file_name,
    )


def _split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Return (metadata, body); without well-formed front matter the body is all text."""
    lines = text.split("\n")
    if lines[0].rstrip() != _FENCE:
        return {}, text
    meta: dict[str, str] = {}
    seen_entry = False
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() == _FENCE:
            return meta, "\n".join(lines[index + 1 :])
        entry = _FRONT_MATTER_ENTRY.match(line.rstrip())
        if entry:
            seen_entry = True
            field = _FRONT_MATTER_KEYS.get(entry.group(1).lower())
            # The first spelling wins so that "source" beats a later "publisher".
            if field and field not in meta:
                meta[field] = _unquote(entry.group(2) or "")
        elif not _is_ignorable_front_matter_line(line, seen_entry):
            # The "---" was a horizontal rule, not the start of front matter.
            return {}, text
    return {}, text  # no closing fence


def _is_ignorable_front_matter_line(line: str, after_entry: bool) -> bool:
    """Blank lines, comments, and nested YAML (indented or list lines) after a key."""
    if not line.strip() or line.lstrip().startswith("#"):
        return True
    return after_entry and (line[0] in " \t" or line.startswith("- "))


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        inner = value[1:-1]
        return inner.replace("''", "'") if value[0] == "'" else inner
    return value


def _markdown_h1(body: str) -> str | None:
    in_code = False
    for line in body.split("\n"):
        if _CODE_FENCE.match(line):
            in_code = not in_code
            continue
        heading = None if in_code else _ATX_H1.match(line)
        if heading and heading.group(1).strip():
            return heading.group(1).strip()
    return None


# --- HTML -------------------------------------------------------------------------

_SKIPPED_ELEMENTS = frozenset(
    {
        "aside",
        "audio",
        "button",
        "canvas",
        "footer",
        "form",
        "head",
        "iframe",
        "nav",
        "noscript",
        "object",
        "script",
        "select",
        "style",
        "svg",
        "template",
        "textarea",
        "video",
    }
)
_BLOCK_ELEMENTS = frozenset(
    {
        "address",
        "article",
        "blockquote",
        "body",
        "br",
        "caption",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
    }
)
_VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_CHARSET_SNIFF_BYTES = 4096


class _HtmlText(HTMLParser):
    """Collect readable paragraphs and metadata; nothing is fetched or run."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.title: str | None = None
        self.h1: str | None = None
        self.time_date: str | None = None
        self._buffer: list[str] = []
        self._skipped: list[str] = []
        self._pre_depth = 0
        self._title_parts: list[str] | None = None
        self._h1_parts: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "meta":
            self._record_meta(attributes)
        elif tag == "link":
            self._record_link(attributes)
        elif tag == "body":
            self._end_head()
        if tag == "title" and self.title is None and set(self._skipped) <= {"head"}:
            self._title_parts = []
        if self._skipped or tag == "title":
            if tag in _SKIPPED_ELEMENTS and tag not in _VOID_ELEMENTS:
                self._skipped.append(tag)
            return
        if tag in _SKIPPED_ELEMENTS:
            self._flush()  # keep the text around a skipped element apart
            self._skipped.append(tag)
        elif tag in _BLOCK_ELEMENTS:
            self._start_block(tag)
        elif tag in ("td", "th"):
            self._buffer.append(" ")
        elif tag == "time" and self.time_date is None:
            self.time_date = _iso_date(attributes.get("datetime"))
        if tag == "h1" and self.h1 is None:
            self._h1_parts = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._title_parts is not None:
            self.title = _collapse("".join(self._title_parts))
            self._title_parts = None
        if tag in self._skipped:
            # Pop to the matching element so an unclosed child cannot skip the rest.
            index = len(self._skipped) - 1 - self._skipped[::-1].index(tag)
            del self._skipped[index:]
            return
        if self._skipped:
            return
        if tag in _BLOCK_ELEMENTS:
            self._end_block(tag)
        if tag == "h1" and self._h1_parts is not None:
            self.h1 = _collapse("".join(self._h1_parts))
            self._h1_parts = None

    def handle_data(self, data: str) -> None:
        if self._title_parts is not None:
            self._title_parts.append(data)
            return
        if self._skipped:
            return
        self._buffer.append(data)
        if self._h1_parts is not None:
            self._h1_parts.append(data)

    def close(self) -> None:
        # Whatever is still unparsed is an unfinished tag, comment or declaration at the
        # very end ('<img src=… onerror=…', '<!-- <script>…'). Browsers show none of it;
        # HTMLParser.close() would pass it on as text. A lone "<" is just a character.
        if len(self.rawdata) > 1 and self.rawdata.startswith("<") and not self.cdata_elem:
            self.rawdata = ""
        super().close()
        self._flush()

    def _end_head(self) -> None:
        # An unclosed <head> or <title> ends where <body> starts.
        if "head" in self._skipped:
            self._skipped.remove("head")
        if self._title_parts is not None:
            self.title = _collapse("".join(self._title_parts))
            self._title_parts = None

    def _start_block(self, tag: str) -> None:
        if self._pre_depth:
            if tag == "br":
                self._buffer.append("\n")
            return
        self._flush()
        if tag == "pre":
            self._pre_depth = 1

    def _end_block(self, tag: str) -> None:
        if not self._pre_depth:
            self._flush()
        elif tag == "pre":
            self._flush()
            self._pre_depth = 0

    def _flush(self) -> None:
        raw = "".join(self._buffer)
        self._buffer.clear()
        if self._pre_depth:
            # Like browsers, drop the newline right after <pre>; keep the layout.
            paragraph = raw.removeprefix("\n").rstrip()
        else:
            paragraph = _HTML_SPACE.sub(" ", raw).strip()
        if paragraph.strip():
            self.paragraphs.append(paragraph)

    def _record_meta(self, attributes: dict[str, str]) -> None:
        key = (attributes.get("property") or attributes.get("name") or "").strip().lower()
        if key and "content" in attributes:
            self.meta.setdefault(key, attributes["content"])

    def _record_link(self, attributes: dict[str, str]) -> None:
        rel = attributes.get("rel", "").lower().split()
        if "canonical" in rel and self.canonical is None:
            self.canonical = attributes.get("href")


def _parse_html(data: bytes, file_name: str, subject: str) -> ParsedArticle:
    markup = _normalise_newlines(_decode(data, subject, _declared_html_charset(data)))
    parser = _HtmlText()
    parser.feed(markup)
    parser.close()
    text = "\n\n".join(parser.paragraphs)
    if not text.strip():
        raise ArticleRefused(f"{subject} has no readable text.")
    meta = parser.meta
    title = _collapse(meta.get("og:title")) or parser.title or parser.h1
    published = _iso_date(meta.get("article:published_time")) or _iso_date(meta.get("date"))
    return ParsedArticle(
        text=text,
        title=title or _plain_title(text, file_name),
        date=published or parser.time_date,
        source=_collapse(meta.get("og:site_name")),
        url=_web_url(parser.canonical) or _web_url(meta.get("og:url")),
        file_name=file_name,
    )


def _declared_html_charset(data: bytes) -> str | None:
    """Return the codec named by <meta charset> or http-equiv, if Python knows it."""
    match = _META_CHARSET.search(data[:_CHARSET_SNIFF_BYTES])
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    # Browsers do the same: a meta tag readable as ASCII cannot really be UTF-16,
    # and Latin-1 or ASCII labels mean Windows-1252 in practice.
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8"
    if name in ("iso8859-1", "ascii"):
        return "cp1252"
    if name == "utf-7":
        return None
    return name
