"""A report as PDF, laid out by Qt: the print-friendly HTML in a QTextDocument, drawn page by
page onto a QPdfWriter with "Page N of M" in every footer.

This is the only export module that uses Qt. Text stays text (fonts are
embedded), so it can be selected, searched and copied. It works without a
window: when no Qt application exists, one is created, offscreen if there is
no display.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QMarginsF,
    QRectF,
    QSizeF,
    Qt,
)
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from xiaomi_reader.core.report_content import Report
from xiaomi_reader.export.files import ExportError
from xiaomi_reader.export.html import render_html

__all__ = ["PAGE_SIZES", "render_pdf"]

PAGE_SIZES = {
    "a4": QPageSize.PageSizeId.A4,
    "letter": QPageSize.PageSizeId.Letter,
}
RESOLUTION = 300  # dots per inch for the layout; text is vector either way
MARGINS_MM = QMarginsF(18, 16, 18, 14)
FONT_FAMILY = "DejaVu Sans"
FONT_POINTS = 10.0

# The application created here, kept alive for the rest of the process.
_created_apps: list[QCoreApplication] = []


def render_pdf(report: Report, page_size: str = "a4") -> bytes:
    """The PDF file's bytes for ``report`` on A4 or Letter paper."""
    try:
        size_id = PAGE_SIZES[page_size.lower()]
    except KeyError:
        known = ", ".join(PAGE_SIZES)
        raise ValueError(f"Unknown page size {page_size!r}; use one of: {known}.") from None
    _ensure_application()

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(report.title)
    writer.setCreator("xiaomi-reader")
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(size_id),
            QPageLayout.Orientation.Portrait,
            MARGINS_MM,
            QPageLayout.Unit.Millimeter,
        )
    )
    area = writer.pageLayout().paintRectPixels(RESOLUTION)

    font = QFont(FONT_FAMILY)
    font.setPointSizeF(FONT_POINTS)
    document = QTextDocument()
    # Lay the text out at the writer's resolution, so points mean points on paper.
    document.documentLayout().setPaintDevice(writer)
    document.setDefaultFont(font)
    document.setDocumentMargin(0)
    document.setHtml(render_html(report, print_friendly=True))

    footer_font = QFont(font)
    footer_font.setPointSizeF(FONT_POINTS * 0.85)
    footer_height = QFontMetricsF(footer_font, writer).height() * 2
    body = QSizeF(area.width(), area.height() - footer_height)
    document.setPageSize(body)
    pages = max(1, document.pageCount())

    painter = QPainter()
    if not painter.begin(writer):
        raise ExportError("Qt could not start drawing the PDF.")
    try:
        for page in range(pages):
            if page:
                writer.newPage()
            painter.save()
            # Shift the page's slice of the long document up into view, and clip to it.
            painter.translate(0, -page * body.height())
            document.drawContents(
                painter, QRectF(0, page * body.height(), body.width(), body.height())
            )
            painter.restore()
            painter.setFont(footer_font)
            painter.drawText(
                QRectF(0, body.height(), body.width(), footer_height),
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
                f"Page {page + 1} of {pages}",
            )
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data())


def _ensure_application() -> None:
    """Fonts and text layout need a Qt GUI application; make one if the caller has none."""
    existing = QCoreApplication.instance()
    if isinstance(existing, QGuiApplication):
        return
    if existing is not None:
        raise ExportError(
            "A PDF needs a Qt GUI application, but this program runs a console-only one; "
            "export to HTML instead."
        )
    headless = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    if headless and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    # A QApplication (not just QGuiApplication), so widgets can still be made later on.
    from PySide6.QtWidgets import QApplication

    _created_apps.append(QApplication([sys.argv[0] if sys.argv else "xiaomi-reader"]))
