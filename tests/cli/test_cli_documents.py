"""PDF and Word articles through the command line (in-process) and the Library: imported
with their text and title, refused with one line each, and the library left as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.documents import write_docx, write_image_pdf, write_pdf, write_zip
from tests.helpers import RunCli

pytestmark = pytest.mark.usefixtures("qapp")  # Qt draws the PDFs

PDF_PAGES = [
    [["Xiaomi was listed by the Department of De-", "fense in January 2021."]],
    [["A court set the listing aside in March."]],
    [["The company called the ruling a vindication."]],
]
PDF_TEXT = (
    "Xiaomi was listed by the Department of Defense in January 2021.\n\n"
    "A court set the listing aside in March.\n\n"
    "The company called the ruling a vindication."
)


def listed(run_cli: RunCli, db: Path) -> list[dict[str, object]]:
    result = run_cli("--db", str(db), "articles", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_import_of_pdf_and_word_files_with_refusals(run_cli: RunCli, tmp_path: Path, db_path: Path):
    pdf = write_pdf(tmp_path / "ruling.pdf", PDF_PAGES, header="Court News", footer="- {n} -")
    word = write_docx(
        tmp_path / "story.docx",
        title="Xiaomi leaves the list",
        author="A. Reporter",
        heading="Listing set aside",
        paragraphs=("The Pentagon agreed to remove Xiaomi.",),
        table=[["Date", "Event"], ["2021-05-25", "Removed"]],
    )
    scan = write_image_pdf(tmp_path / "scan.pdf")
    archive = write_zip(tmp_path / "bundle.docx", {"a.txt": b"An article."})
    before = listed(run_cli, db_path)

    result = run_cli("--db", str(db_path), "import", str(pdf), str(scan), str(word), str(archive))

    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        f"{pdf}: imported as 'Xiaomi was listed by the Department of Defense in January 2021.'",
        f'{scan}: refused: "scan.pdf" has no text layer (scanned?); run OCR first.',
        f"{word}: imported as 'Xiaomi leaves the list'",
        f'{archive}: refused: "bundle.docx" is a ZIP archive, not a Word document; '
        "import the article files inside it instead.",
    ]
    rows = listed(run_cli, db_path)
    assert rows[: len(before)] == before
    added = {row["file_name"]: row for row in rows[len(before) :]}
    assert set(added) == {"ruling.pdf", "story.docx"}

    again = run_cli("--db", str(db_path), "import", str(pdf), str(word))
    assert again.returncode == 0
    assert [line.split(": ", 1)[1] for line in again.stdout.splitlines()] == [
        "already present as 'Xiaomi was listed by the Department of Defense in January 2021.'",
        "already present as 'Xiaomi leaves the list'",
    ]
    assert listed(run_cli, db_path) == rows


def test_only_refused_documents_leave_the_library_as_it_was(
    run_cli: RunCli, tmp_path: Path, db_path: Path
):
    before = listed(run_cli, db_path)
    library_bytes = db_path.read_bytes()
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(write_pdf(tmp_path / "ok.pdf", PDF_PAGES).read_bytes()[:900])
    result = run_cli("--db", str(db_path), "import", str(corrupt))
    assert result.returncode == 1
    assert result.stdout == (
        f'{corrupt}: refused: "corrupt.pdf" is not a readable PDF (damaged or incomplete); '
        "open it in a PDF viewer and save it again.\n"
    )
    assert listed(run_cli, db_path) == before
    assert db_path.read_bytes() == library_bytes


def test_the_library_holds_the_text_of_pdf_and_word_articles(library, tmp_path: Path):
    pdf = write_pdf(tmp_path / "ruling.pdf", PDF_PAGES, title="The ruling")
    word = write_docx(tmp_path / "story.docx", heading="Listing set aside", paragraphs=("Done.",))
    outcomes = library.import_article_files([pdf, word])
    assert [outcome.status.value for outcome in outcomes] == ["imported", "imported"]
    stored = library.articles_with_texts([outcome.article.id for outcome in outcomes])
    assert [(a.title, a.text) for a in stored] == [
        ("The ruling", PDF_TEXT),
        ("Listing set aside", "Listing set aside\n\nDone."),
    ]


def test_the_json_of_word_and_pdf_articles_names_their_author(
    run_cli: RunCli, tmp_path: Path, db_path: Path
):
    word = write_docx(
        tmp_path / "story.docx",
        title="Xiaomi leaves the list",
        author="Ana Reporter",
        last_modified_by="A. Sub-Editor",
        paragraphs=("The Pentagon agreed to remove Xiaomi.",),
    )
    pdf = write_pdf(tmp_path / "ruling.pdf", PDF_PAGES, title="The ruling", author="Court Desk")
    plain = write_docx(tmp_path / "plain.docx", paragraphs=("No byline here.",))
    result = run_cli("--db", str(db_path), "import", str(word), str(pdf), str(plain))
    assert result.returncode == 0, result.stdout + result.stderr

    rows = {row["file_name"]: row for row in listed(run_cli, db_path)}
    metadata = ("title", "author", "site", "language", "fetched_at")
    expected = {
        "story.docx": ("Xiaomi leaves the list", "Ana Reporter", None, None, None),
        "ruling.pdf": ("The ruling", "Court Desk", None, None, None),
        "plain.docx": ("No byline here.", None, None, None, None),  # not "python-docx"
    }
    for name, values in expected.items():
        assert tuple(rows[name][key] for key in metadata) == values
        shown = run_cli("--db", str(db_path), "show", str(rows[name]["id"]), "--json")
        assert shown.returncode == 0, shown.stderr
        fields = json.loads(shown.stdout)
        assert fields.pop("text")
        assert fields == rows[name]  # `show --json` gives the same fields, and the text
