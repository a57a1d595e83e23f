"""Real PDF and Word files for the import tests, made here: PDFs drawn by Qt's QPdfWriter
(as the PDF export does), an encrypted PDF written by hand to the PDF standard, and
.docx files built with python-docx. Builders that draw need a Qt application (``qapp``)."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from PySide6.QtCore import QSizeF
from PySide6.QtGui import QColor, QFont, QImage, QPageSize, QPainter, QPdfWriter, QTextDocument

RESOLUTION = 300  # as the PDF export draws: PDFium then joins the lines of a paragraph
LINE_PITCH = 60  # dots: a 10-point line and its leading
PARAGRAPH_GAP = 60  # dots between paragraphs, on top of the pitch
LEFT, TOP, BOTTOM = 200, 400, 3300


def write_pdf(
    path: Path,
    pages: list[list[list[str]]],
    *,
    header: str | None = None,
    footer: str | None = None,
    title: str | None = None,
    author: str | None = None,
) -> Path:
    """A PDF of ``pages``, each a list of paragraphs, each a list of the lines drawn.

    ``header`` and ``footer`` are drawn on every page (``{n}``: the page number); ``title``
    and ``author`` go into the document information (``/Title``, ``/Author``)."""
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(RESOLUTION)
    if title is not None:
        writer.setTitle(title)
    if author is not None:
        writer.setAuthor(author)
    painter = QPainter(writer)
    font = QFont("DejaVu Sans")
    font.setPointSizeF(10)
    painter.setFont(font)
    for number, paragraphs in enumerate(pages, start=1):
        if number > 1:
            writer.newPage()
        if header:
            painter.drawText(LEFT, 150, header.format(n=number))
        y = TOP
        for paragraph in paragraphs:
            for line in paragraph:
                painter.drawText(LEFT, y, line)
                y += LINE_PITCH
            y += PARAGRAPH_GAP
        if footer:
            painter.drawText(LEFT, BOTTOM, footer.format(n=number))
    painter.end()
    return path


def write_document_pdf(path: Path, html: str) -> Path:
    """``html`` laid out and printed by QTextDocument, which wraps and paginates it."""
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(RESOLUTION)
    document = QTextDocument()
    document.setDefaultFont(QFont("DejaVu Sans", 11))
    document.setHtml(html)
    document.setPageSize(QSizeF(writer.width(), writer.height()))
    document.print_(writer)
    return path


def write_image_pdf(path: Path) -> Path:
    """A PDF whose only page is a picture, as a scanner makes: no text layer."""
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION)
    image = QImage(600, 300, QImage.Format.Format_RGB32)
    image.fill(QColor("#f4f0e8"))
    painter = QPainter(writer)
    painter.drawImage(LEFT, TOP, image)
    painter.end()
    return path


# -- an encrypted PDF (PDF 1.4 standard security handler, revision 2: RC4, 40 bits) -----

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
_FILE_ID = bytes(range(16))


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def write_encrypted_pdf(path: Path, user_password: bytes, text: str) -> Path:
    """One page showing ``text``, readable only with ``user_password``."""
    permissions = -4  # everything allowed, once opened
    owner = _rc4(hashlib.md5(user_password + _PAD).digest()[:5], (user_password + _PAD)[:32])
    key = hashlib.md5(
        (user_password + _PAD)[:32]
        + owner
        + permissions.to_bytes(4, "little", signed=True)
        + _FILE_ID
    ).digest()[:5]
    user = _rc4(key, _PAD)
    content_number = 4
    object_key = hashlib.md5(key + content_number.to_bytes(3, "little") + b"\0\0").digest()[:10]
    stream = _rc4(object_key, f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode("latin-1"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
        % (owner.hex().encode(), user.hex().encode(), permissions),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 6 0 R /ID [<%s> <%s>] >>\n" % (
        len(objects) + 1,
        _FILE_ID.hex().encode(),
        _FILE_ID.hex().encode(),
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    path.write_bytes(bytes(out))
    return path


# -- Word documents -----------------------------------------------------------------------


def write_docx(
    path: Path,
    *,
    title: str | None = None,
    author: str | None = None,
    last_modified_by: str | None = None,
    heading: str | None = None,
    paragraphs: tuple[str, ...] = (),
    table: list[list[str]] | None = None,
    closing: tuple[str, ...] = (),
) -> Path:
    """A .docx: a heading, paragraphs, a table (rows of cells), more paragraphs.

    ``author`` and ``last_modified_by`` are set in the core properties; without ``author``
    the document keeps the one python-docx's template gives ("python-docx")."""
    import docx

    document = docx.Document()
    if title is not None:
        document.core_properties.title = title
    if author is not None:
        document.core_properties.author = author
    if last_modified_by is not None:
        document.core_properties.last_modified_by = last_modified_by
    if heading is not None:
        document.add_heading(heading, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, cells in zip(grid.rows, table, strict=True):
            for cell, text in zip(row.cells, cells, strict=True):
                cell.text = text
    for text in closing:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    """A ZIP archive holding ``members`` (name → bytes), deflated."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path
