"""Word (.docx) articles: paragraphs, headings and tables as text, the title and author
from the document's properties.

A .docx is a ZIP archive of XML parts; python-docx reads it. The archive is checked
first: what it would unpack to is bounded (a small file can unpack to gigabytes), and a
ZIP that is not a Word document, an old .doc or a password-protected file is refused with
what to do. python-docx's XML parser resolves no entities and fetches nothing.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from xiaomi_reader.core.article_metadata import collapse
from xiaomi_reader.core.article_record import ArticleRefused, Original, ParsedArticle
from xiaomi_reader.core.text_decoding import normalise_newlines
from xiaomi_reader.core.titles import plain_title

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.table import Table

__all__ = ["MAX_UNPACKED_BYTES", "parse_docx"]

# A text-only document of 20 MiB (the file limit) unpacks to about ten times that.
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
_MAX_PARTS = 10_000
_MIB = 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, and every password-protected .docx
_CELL_SEPARATOR = " | "
# python-docx's own template names itself as the author of every document made from it.
_TEMPLATE_AUTHOR = "python-docx"


def parse_docx(data: bytes, file_name: str, subject: str, original: Original) -> ParsedArticle:
    """The article in the .docx ``data``; ``subject`` names the file in refusals."""
    if not data:
        raise ArticleRefused(f"{subject} is empty.")
    _check_archive(data, subject)
    import docx  # loaded only when a Word document is imported
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(_blocks(document))
        properties = document.core_properties
        title = collapse(properties.title)
        # Only the author property: "last modified by" names whoever saved it last.
        author = collapse(properties.author)
    except (
        ValueError,
        KeyError,
        EOFError,
        NotImplementedError,
        zipfile.BadZipFile,
        zlib.error,
        etree.LxmlError,
        PackageNotFoundError,
    ) as exc:
        detail = " (it is another kind of Office file)" if "content type" in str(exc) else ""
        raise ArticleRefused(
            f"{subject} is not a readable Word document{detail}; "
            "open it in a word processor and save it as .docx again."
        ) from None
    text = normalise_newlines("\n\n".join(blocks))
    if not text.strip():
        raise ArticleRefused(f"{subject} is empty: the document holds no text.")
    return ParsedArticle(
        text=text,
        title=title or plain_title(text, file_name),
        file_name=file_name,
        author=None if author == _TEMPLATE_AUTHOR else author,
        original=original,
    )


def _check_archive(data: bytes, subject: str) -> None:
    """Refuse what is no .docx, or would unpack to more than :data:`MAX_UNPACKED_BYTES`."""
    if data.startswith(_OLE_MAGIC):
        raise ArticleRefused(
            f"{subject} is an old Word (.doc) or password-protected document; "
            "save it as .docx without a password and import that."
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise ArticleRefused(
            f"{subject} is not a Word document (a .docx is a ZIP archive, and this is none); "
            "open it in a word processor and save it as .docx."
        ) from None
    names = {part.filename for part in parts}
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise ArticleRefused(
            f"{subject} is a ZIP archive, not a Word document; "
            "import the article files inside it instead."
        )
    # zipfile never unpacks a part past the size it declares, so the declared sizes bound it.
    unpacked = sum(part.file_size for part in parts)
    if len(parts) > _MAX_PARTS:
        raise ArticleRefused(
            f"{subject} holds {len(parts):,} parts; a Word document may hold {_MAX_PARTS:,}. "
            "Open it in a word processor and save it as .docx again."
        )
    if unpacked > MAX_UNPACKED_BYTES:
        raise ArticleRefused(
            f"{subject} would unpack to {unpacked / _MIB:,.0f} MB; a Word document may unpack "
            f"to {MAX_UNPACKED_BYTES // _MIB} MB. Split it, or save its text as a .txt file."
        )


def _blocks(document: WordDocument) -> Iterator[str]:
    """Each paragraph or heading, and each table (a line a row), in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            paragraph = item.text.strip()
            if paragraph:
                yield paragraph
        elif isinstance(item, Table):
            table = _table_text(item)
            if table:
                yield table


def _table_text(table: Table) -> str:
    """A line for each row with text, the cells separated by " | "."""
    lines = []
    for row in table.rows:
        cells = []
        seen: set[int] = set()
        for cell in row.cells:
            # A merged cell appears once per column it spans, and once more in each row
            # below that it spans: keep it where it starts.
            if id(cell._tc) in seen or cell._tc.getparent() is not row._tr:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            lines.append(_CELL_SEPARATOR.join(cells))
    return "\n".join(lines)
