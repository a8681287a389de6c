"""How labels look: Okabe–Ito colours (safe for the common colour-vision deficiencies) plus a
cue that does not depend on colour at all — an underline style in the text and a badge letter
in the lists. Backgrounds are translucent so they read on light and dark palettes alike."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPalette, QPixmap, QTextCharFormat


@dataclass(frozen=True)
class LabelStyle:
    key: str | None
    name: str
    letter: str
    color: str
    underline: QTextCharFormat.UnderlineStyle


UNLABELLED = LabelStyle(
    None, "not labelled yet", "·", "#E69F00", QTextCharFormat.UnderlineStyle.NoUnderline
)
STYLES = {
    "corroborated": LabelStyle(
        "corroborated",
        "corroborated",
        "C",
        "#009E73",
        QTextCharFormat.UnderlineStyle.SingleUnderline,
    ),
    "contradicted": LabelStyle(
        "contradicted", "contradicted", "X", "#D55E00", QTextCharFormat.UnderlineStyle.WaveUnderline
    ),
    "unique": LabelStyle(
        "unique", "unique", "U", "#0072B2", QTextCharFormat.UnderlineStyle.DashUnderline
    ),
    "not_a_claim": LabelStyle(
        "not_a_claim", "not a claim", "N", "#888888", QTextCharFormat.UnderlineStyle.DotLine
    ),
}


def style_for(label: str | None) -> LabelStyle:
    return STYLES.get(label or "", UNLABELLED)


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


STALE_COLOR = "#CC79A7"  # Okabe–Ito reddish purple: the stale dot, the stale underline
STALE_TIP = "a new article joined this story — look again"


def highlight_format(
    label: str | None, palette: QPalette, *, current: bool, stale: bool = False
) -> QTextCharFormat:
    style = style_for(label)
    color = QColor(style.color)
    background = QColor(color)
    # stronger wash for the current claim; a touch more on dark backgrounds to stay visible
    base_alpha = 46 if not is_dark(palette) else 70
    if label is None:  # unlabelled claims: present but quiet, so the labelled ones stand out
        base_alpha = 24 if not is_dark(palette) else 40
    background.setAlpha(120 if current else base_alpha)
    fmt = QTextCharFormat()
    fmt.setBackground(background)
    fmt.setUnderlineStyle(style.underline)
    fmt.setUnderlineColor(color)
    if stale:  # looked at before the story grew: a dotted reddish-purple underline, a tooltip
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        fmt.setUnderlineColor(QColor(STALE_COLOR))
        fmt.setToolTip(f"Stale {style.name} label: {STALE_TIP}")
    return fmt


@cache
def _badge_pixmap(label: str | None, size: int, stale: bool, ratio: float) -> QPixmap:
    style = style_for(label)
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    rect = QRectF(0.5, 0.5, size - 1, size - 1)
    color = QColor(style.color)
    if label is None:
        painter.setPen(color)
        painter.setBrush(Qt.BrushStyle.NoBrush)
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
    painter.drawRoundedRect(rect, 4, 4)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(size * 0.62))
    painter.setFont(font)
    painter.setPen(QColor("white") if label else color)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, style.letter)
    if stale:  # a small hollow dot: looked at before the story grew
        painter.setPen(QColor("white"))
        painter.setBrush(QColor(STALE_COLOR))
        painter.drawEllipse(QRectF(size - 7, 1, 6, 6))
    painter.end()
    return pixmap


def badge(label: str | None, size: int = 18, *, stale: bool = False, ratio: float = 1.0) -> QPixmap:
    return _badge_pixmap(label, size, stale, ratio)


def badge_icon(label: str | None) -> QIcon:
    icon = QIcon()
    for size in (16, 32):
        icon.addPixmap(badge(label, size))
    return icon


def stale_icon(size: int = 12) -> QIcon:
    """The stale dot on its own (story tree rows with stale labels)."""
    icon = QIcon()
    for scale in (1, 2):
        pixmap = QPixmap(size * scale, size * scale)
        pixmap.setDevicePixelRatio(scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(STALE_COLOR))
        painter.drawEllipse(QRectF(size * 0.2, size * 0.2, size * 0.6, size * 0.6))
        painter.end()
        icon.addPixmap(pixmap)
    return icon
