"""PDF articles, from real PDFs drawn by Qt (tests/documents.py): the text layer in reading
order, hyphenated line ends joined, running heads and feet dropped, and clear refusals."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.core import refusal, write
from tests.documents import (
    write_document_pdf,
    write_encrypted_pdf,
    write_image_pdf,
    write_pdf,
)
from xiaomi_reader.core.articles import MAX_ARTICLE_BYTES, parse_article_file

pytestmark = pytest.mark.usefixtures("qapp")  # Qt draws the PDFs

HYPHENATED = [
    "The blacklist came from the Department of De-",
    "fense, as the filing of January says.",
]


def page(number: int) -> list[list[str]]:
    return [
        [f"Xiaomi's lawyers wrote on page {number} that the listing was arbitrary and"],
        [f"Page {number} paragraph: the court agreed, and the listing was set aside."],
    ]


def test_a_hyphen_at_a_line_end_joins_the_word(tmp_path: Path):
    pdf = write_pdf(tmp_path / "hyphen.pdf", [[["A court ruled on it."], HYPHENATED]])
    article = parse_article_file(pdf)
    assert article.text == (
        "A court ruled on it.\n\nThe blacklist came from the Department of Defense, "
        "as the filing of January says."
    )
    assert article.title == "A court ruled on it."  # no title in the properties: first line


def test_pages_in_order_without_the_head_and_foot_of_every_page(tmp_path: Path):
    pages = [page(1), page(2), page(3)]
    pages[1].append(["The Daily Chronicle is quoted here too, in the body."])
    pdf = write_pdf(
        tmp_path / "three.pdf",
        pages,
        header="The Daily Chronicle",
        footer="Page {n} of 3",
        title="  Xiaomi wins\nits case ",
    )
    article = parse_article_file(pdf)
    assert article.title == "Xiaomi wins its case"  # from the document's properties
    paragraphs = article.text.split("\n\n")
    assert paragraphs == [
        *(line for paragraph in page(1) for line in paragraph),
        *(line for paragraph in page(2) for line in paragraph),
        "The Daily Chronicle is quoted here too, in the body.",
        *(line for paragraph in page(3) for line in paragraph),
    ]
    assert "Page 1 of 3" not in article.text


def test_the_document_information_gives_title_and_author(tmp_path: Path):
    pdf = write_pdf(tmp_path / "a.pdf", [page(1)], title="The ruling", author=" Ana\n Reporter ")
    article = parse_article_file(pdf)
    assert (article.title, article.author) == ("The ruling", "Ana Reporter")


@pytest.mark.parametrize("blank", [None, "", "  \n "])
def test_without_title_or_author_the_first_line_is_the_title(tmp_path: Path, blank: str | None):
    pdf = write_pdf(tmp_path / "a.pdf", [page(1)], title=blank, author=blank)
    article = parse_article_file(pdf)
    assert article.title == page(1)[0][0]
    assert article.author is None


def test_a_printed_document_keeps_its_heading_and_wrapped_paragraphs(tmp_path: Path):
    long = "The court found that the listing of the company was arbitrary and capricious. " * 4
    pdf = write_document_pdf(
        tmp_path / "printed.pdf",
        f"<h1>Listing set aside</h1><p>{long}</p><p>The Pentagon did not appeal.</p>",
    )
    assert parse_article_file(pdf).text == (
        f"Listing set aside\n\n{long.strip()}\n\nThe Pentagon did not appeal."
    )


def test_a_line_that_does_not_repeat_on_every_page_is_kept(tmp_path: Path):
    pdf = write_pdf(
        tmp_path / "two.pdf", [[["Special report"], *page(1)], page(2)], footer="Page {n}"
    )
    article = parse_article_file(pdf)
    assert article.text.startswith("Special report\n\n")
    assert "Page 2\n" not in article.text + "\n"


def test_a_pdf_of_images_only_is_refused_as_having_no_text_layer(tmp_path: Path):
    reason = refusal(write_image_pdf(tmp_path / "scan.pdf"))
    assert reason == '"scan.pdf" has no text layer (scanned?); run OCR first.'


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # a download cut short
        lambda data: b"%PDF-1.7\n" + os.urandom(4000),  # a PDF header over noise
        lambda data: data.replace(b"xref", b"xxxx").replace(b"obj", b"ojb"),
    ],
    ids=["truncated", "noise", "mangled"],
)
def test_a_damaged_pdf_is_refused_with_what_to_do(tmp_path: Path, damage):
    good = write_pdf(tmp_path / "good.pdf", [page(1)]).read_bytes()
    reason = refusal(write(tmp_path, "damaged.pdf", damage(good)))
    assert reason == (
        '"damaged.pdf" is not a readable PDF (damaged or incomplete); '
        "open it in a PDF viewer and save it again."
    )


def test_a_password_protected_pdf_is_refused(tmp_path: Path):
    pdf = write_encrypted_pdf(tmp_path / "locked.pdf", b"secret", "Hidden words")
    # It is a real encrypted PDF: with its password the text is there.
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf, password="secret")
    assert document[0].get_textpage().get_text_range() == "Hidden words"
    document.close()
    assert refusal(pdf) == (
        '"locked.pdf" is a password-protected PDF; save a copy without the password '
        "and import that."
    )


def test_empty_and_oversized_pdfs_are_refused_as_other_files_are(tmp_path: Path):
    assert refusal(write(tmp_path, "empty.pdf", b"")) == '"empty.pdf" is empty.'
    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as handle:
        handle.truncate(MAX_ARTICLE_BYTES + 1)
    assert refusal(huge) == '"huge.pdf" is 20,971,521 bytes; the limit is 20 MB.'
