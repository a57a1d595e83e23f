"""Markdown articles: front matter for metadata, the first heading for a title, the body as is."""

from __future__ import annotations

import pytest

from tests.core import refusal, write
from xiaomi_reader.core.articles import parse_article_file


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


def test_crlf_front_matter(tmp_path):
    data = b"---\r\ntitle: Windows\r\n---\r\nBody\r\n"
    article = parse_article_file(write(tmp_path, "w.md", data))
    assert (article.title, article.text) == ("Windows", "Body\n")
