"""File names as shown to people: control and bidirectional characters made visible."""

from __future__ import annotations

from pathlib import Path

import pytest

from xiaomi_reader.core.articles import ArticleRefused, parse_article_bytes, parse_article_file
from xiaomi_reader.core.display import display_name, escape_controls

# What may never reach a terminal or a label raw: it breaks lines or reorders text.
HIDDEN = [
    *map(chr, range(0x20)),
    *map(chr, range(0x7F, 0xA0)),
    "\u061c",
    "\u200e",
    "\u200f",
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
    "\u2028",
    "\u2029",
    "\udcff",  # an undecodable byte of a name, as os.fsdecode gives it
]


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("report.md", "report.md"),
        ("a\nxiaomi-reader: error: fake.md", "a\\nxiaomi-reader: error: fake.md"),
        ("tab\there\r.txt", "tab\\there\\r.txt"),
        ("invoice\u202efdp.exe", "invoice\\u202efdp.exe"),
        ("\x1b[2Jclear\x7f\x85.txt", "\\x1b[2Jclear\\x7f\\x85.txt"),
        ("\u2066iso\u2069\u200f\u061c\u2028.md", "\\u2066iso\\u2069\\u200f\\u061c\\u2028.md"),
        ("bytes-\udcff.txt", "bytes-\\udcff.txt"),
        # Ordinary text of every script stays as it is, spaces and backslashes included.
        ("Xiaomi 小米 شاومي 🙂 café\u00a0x.md", "Xiaomi 小米 شاومي 🙂 café\u00a0x.md"),
        ("C:\\Users\\me\\n.md", "C:\\Users\\me\\n.md"),
    ],
)
def test_display_name_escapes_what_would_break_or_reorder_a_line(name: str, shown: str):
    assert display_name(name) == shown
    assert display_name(Path(name)) == shown
    assert escape_controls(shown) == shown  # escaping twice changes nothing more


def test_every_hidden_character_becomes_a_visible_escape():
    for char in HIDDEN:
        shown = display_name(f"a{char}b")
        assert shown.startswith("a\\") and shown.endswith("b"), repr(char)
        assert shown.isprintable() and not any(c in shown for c in HIDDEN), repr(char)


def test_a_refusal_names_the_file_on_one_line(tmp_path: Path):
    with pytest.raises(ArticleRefused) as refused:
        parse_article_bytes(b"", "empty\nxiaomi-reader: error: fake\u202e.txt")
    assert refused.value.reason == '"empty\\nxiaomi-reader: error: fake\\u202e.txt" is empty.'
    missing = tmp_path / "gone\n\u202e.txt"
    with pytest.raises(ArticleRefused) as refused:
        parse_article_file(missing)
    assert refused.value.reason == f'"{tmp_path}/gone\\n\\u202e.txt" does not exist.'


def test_a_title_taken_from_the_file_name_is_shown_escaped():
    # No line of the text has a letter or digit in it, so the name gives the title.
    parsed = parse_article_bytes("* * *\n— — —\n".encode(), "line\nbreak\u202e.txt")
    assert parsed.title == "line\\nbreak\\u202e"
    assert parsed.file_name == "line\nbreak\u202e.txt"  # the name itself is kept as it is
