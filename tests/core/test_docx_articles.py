"""Word (.docx) articles built with python-docx: headings, paragraphs and tables as text,
the title from the properties, and refusals for what only looks like a .docx."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from tests.core import refusal, write
from tests.documents import write_docx, write_zip
from xiaomi_reader.core.articles import parse_article_file
from xiaomi_reader.core.docx_articles import MAX_UNPACKED_BYTES

TABLE = [["Company", "Listed by", "Date"], ["Xiaomi", "Department of Defense", "2021-01-14"]]


def test_headings_paragraphs_and_a_table_in_document_order(tmp_path: Path):
    path = write_docx(
        tmp_path / "story.docx",
        title="Xiaomi and the blacklist",
        author="A. Reporter",
        heading="A court sets the listing aside",
        paragraphs=("The company went to court.", "Its lawyers\twon."),
        table=TABLE,
        closing=("The ruling is final.",),
    )
    article = parse_article_file(path)
    assert article.title == "Xiaomi and the blacklist"  # the document's title property
    assert article.text == (
        "A court sets the listing aside\n\n"
        "The company went to court.\n\n"
        "Its lawyers\twon.\n\n"
        "Company | Listed by | Date\n"
        "Xiaomi | Department of Defense | 2021-01-14\n\n"
        "The ruling is final."
    )
    assert article.file_name == "story.docx"


def test_without_a_title_property_the_first_heading_is_the_title(tmp_path: Path):
    path = write_docx(tmp_path / "t.docx", heading="Listing set aside", paragraphs=("Body.",))
    assert parse_article_file(path).title == "Listing set aside"


def test_the_author_property_is_the_article_s_author(tmp_path: Path):
    path = write_docx(
        tmp_path / "a.docx",
        author="  Ana\n Reporter ",
        last_modified_by="A. Sub-Editor",
        paragraphs=("Body.",),
    )
    assert parse_article_file(path).author == "Ana Reporter"


# None: the author python-docx's own template leaves in every document it makes.
@pytest.mark.parametrize("author", [None, "python-docx", "", "   "])
def test_no_author_from_a_blank_property_or_python_docx_s_default(
    tmp_path: Path, author: str | None
):
    # Who last saved a document is not who wrote it: never taken for the author.
    path = write_docx(
        tmp_path / "a.docx", author=author, last_modified_by="A. Sub-Editor", paragraphs=("B.",)
    )
    assert parse_article_file(path).author is None


def test_a_merged_cell_is_read_once(tmp_path: Path):
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Across both columns"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "Down two rows"
    table.cell(1, 1).text = "b"
    table.cell(2, 1).text = "c"
    document.save(str(tmp_path / "merged.docx"))
    article = parse_article_file(tmp_path / "merged.docx")
    assert article.text == "Across both columns\nDown two rows | b\nc"


def test_a_document_without_text_is_empty(tmp_path: Path):
    path = write_docx(tmp_path / "blank.docx", paragraphs=("", "   "))
    assert refusal(path) == '"blank.docx" is empty: the document holds no text.'
    assert refusal(write(tmp_path, "zero.docx", b"")) == '"zero.docx" is empty.'


def test_a_renamed_zip_is_not_a_word_document(tmp_path: Path):
    path = write_zip(tmp_path / "photos.docx", {"notes.txt": b"Not a document."})
    assert refusal(path) == (
        '"photos.docx" is a ZIP archive, not a Word document; '
        "import the article files inside it instead."
    )


def test_a_renamed_spreadsheet_is_not_a_word_document(tmp_path: Path):
    # An .xlsx has content types but no word/document.xml.
    path = write_zip(
        tmp_path / "sheet.docx",
        {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"},
    )
    assert "is a ZIP archive, not a Word document" in refusal(path)


def test_text_or_a_damaged_zip_is_refused(tmp_path: Path):
    text = refusal(write(tmp_path, "note.docx", "Just some text saved with the wrong name."))
    assert text == (
        '"note.docx" is not a Word document (a .docx is a ZIP archive, and this is none); '
        "open it in a word processor and save it as .docx."
    )
    good = write_docx(tmp_path / "good.docx", paragraphs=("Body.",)).read_bytes()
    cut = write(tmp_path, "cut.docx", good[: len(good) // 2])
    assert "is not a Word document" in refusal(cut)


def test_broken_xml_inside_a_docx_is_refused(tmp_path: Path):
    good = write_docx(tmp_path / "good.docx", paragraphs=("Body.",))
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    assert refusal(broken) == (
        '"broken.docx" is not a readable Word document; '
        "open it in a word processor and save it as .docx again."
    )


def test_an_old_or_password_protected_word_file_is_refused(tmp_path: Path):
    # Both are OLE compound files, not ZIP archives.
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"EncryptedPackage" * 32
    assert refusal(write(tmp_path, "locked.docx", ole)) == (
        '"locked.docx" is an old Word (.doc) or password-protected document; '
        "save it as .docx without a password and import that."
    )


def test_a_zip_bomb_is_refused_without_unpacking_it(tmp_path: Path):
    good = write_docx(tmp_path / "good.docx", paragraphs=("Body.",))
    bomb = tmp_path / "bomb.docx"
    deflated = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bomb, "w", deflated) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        # Zeros compress about a thousandfold: a small file that unpacks past the limit.
        with target.open("word/media/padding.bin", "w") as member:
            zeros = bytes(1024 * 1024)
            for _ in range(MAX_UNPACKED_BYTES // len(zeros) + 1):
                member.write(zeros)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    with zipfile.ZipFile(bomb) as archive:
        unpacked = sum(item.file_size for item in archive.infolist()) / 1024 / 1024
    assert refusal(bomb) == (
        f'"bomb.docx" would unpack to {unpacked:.0f} MB; a Word document may unpack to '
        "256 MB. Split it, or save its text as a .txt file."
    )


def test_a_docx_of_too_many_parts_is_refused(tmp_path: Path):
    good = write_docx(tmp_path / "good.docx", paragraphs=("Body.",))
    crowded = tmp_path / "crowded.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(crowded, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        for number in range(10_001):
            target.writestr(f"padding/part{number}.xml", b"")
    assert refusal(crowded).startswith('"crowded.docx" holds 10,01')
