"""Render the PNG icon set from resources/icons/claimdesk.svg with Qt's SVG renderer.

    .venv/bin/python packaging/render_icons.py

Writes resources/icons/claimdesk-<N>.png for the freedesktop hicolor sizes. The PNGs are
committed (the bundle and the install script use them as they are); run this again after
changing the SVG.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(svg: Path, sizes=SIZES) -> list[Path]:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg}: not a valid SVG")
    written = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        out = svg.with_name(f"{svg.stem}-{size}.png")
        if not image.save(str(out)):
            raise OSError(f"{out}: could not write the PNG")
        written.append(out)
    return written


if __name__ == "__main__":
    for path in render(ICONS / "claimdesk.svg"):
        print(path)
