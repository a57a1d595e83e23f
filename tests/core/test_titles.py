"""Titles of articles that name none: the first line worth reading, or the file name."""

from __future__ import annotations

import pytest

from tests.core import write
from xiaomi_reader.core.articles import parse_article_bytes, parse_article_file


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


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # An underscore is no letter: a line of underscores is a decoration too.
        ("____\n_ _ _\n\nReal title\nbody", "Real title"),
        ("***\n\u2014\u2014\n\u00a0\n  \u0661\u0662 \u0663  \nbody", "\u0661\u0662 \u0663"),
        ("!!!\n2024\n", "2024"),
        ("- - -\n\u00bd of it\n", "\u00bd of it"),  # a number that is no digit
        ("\t\n\u5c0f\u7c73 news", "\u5c0f\u7c73 news"),  # the last line, no newline after it
        ("___ first_word ___\nsecond", "___ first_word ___"),
    ],
)
def test_the_title_is_the_first_line_with_a_letter_or_digit(text: str, title: str):
    assert parse_article_bytes(text.encode(), "a.txt").title == title


def test_a_line_of_underscores_alone_leaves_the_file_name_as_title():
    assert parse_article_bytes(b"____\n* * *\n", "notes_2024.txt").title == "notes_2024"
    assert parse_article_bytes(b"____\n", ".txt").title == "Untitled"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("## Second level\n\nbody", "Second level"),
        ("#\n##   \n### Third level ###\nbody", "Third level"),
        ("    # code, not heading\n", "# code, not heading"),
        ("#hashtag\nbody", "#hashtag"),
        ("## A *real* title ##   \n", "A *real* title"),
    ],
)
def test_markdown_without_h1_takes_the_first_line_without_heading_marks(text: str, title: str):
    assert parse_article_bytes(text.encode(), "a.md").title == title
