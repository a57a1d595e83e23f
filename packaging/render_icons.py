"""Render the application icon's PNG sizes from its SVG (run after editing the SVG).

    python packaging/render_icons.py              # rewrite resources/icons/hicolor/NxN/...
    python packaging/render_icons.py --preview /tmp/icon.png --size 256

The PNGs sit in the freedesktop hicolor layout, so the folder can be copied as is into
``~/.local/share/icons`` or ``/usr/share/icons``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ICON_NAME = "io.github.xiaomi_reader"
SIZES = (16, 32, 48, 64, 128, 256)
HICOLOR = Path(__file__).resolve().parent.parent / "resources" / "icons" / "hicolor"
SVG = HICOLOR / "scalable" / "apps" / f"{ICON_NAME}.svg"


def png_path(size: int, root: Path = HICOLOR) -> Path:
    return root / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"


def render(svg: Path, size: int, output: Path) -> None:
    """Draw ``svg`` into a transparent ``size``×``size`` PNG with antialiasing."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    output.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(output), "PNG"):
        raise SystemExit(f"{output}: could not write")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--svg", type=Path, default=SVG, help="the source SVG")
    parser.add_argument(
        "--preview", type=Path, metavar="PNG", help="write one size here instead of the set"
    )
    parser.add_argument("--size", type=int, default=256, help="the size for --preview")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    if args.preview:
        render(args.svg, args.size, args.preview)
        print(args.preview)
        return 0
    for size in SIZES:
        render(args.svg, size, png_path(size))
        print(png_path(size).relative_to(HICOLOR.parent.parent.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
