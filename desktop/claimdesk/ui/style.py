"""How labels look: Okabe–Ito colours (safe for the common colour-vision deficiencies) plus a
cue that does not depend on colour at all — an underline style in the text and a badge letter
in the lists. Backgrounds are translucent so they read on light and dark palettes alike.

Unlabelled claims get a neutral wash taken from the palette's text colour (an orange one looked
like `contradicted` and tinted a dark article mustard); a rejected span (`not a claim`) gets no
wash at all, only its dotted underline, so it does not look like a claim still to do. The
current claim is framed (article_view.py) over a wash only a little stronger than the others,
so that it does not look like a text selection. tests/ui/test_colours.py checks every text on
these washes against WCAG AA (4.5:1) in the light and the dark theme."""

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
    None, "not labelled yet", "·", "#8A8A8A", QTextCharFormat.UnderlineStyle.NoUnderline
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


def wash(label: str | None, palette: QPalette, *, current: bool) -> QColor:
    """The translucent background of a claim in the text (alpha 0: none)."""
    dark = is_dark(palette)
    if label is None:  # present but quiet and neutral, so the labelled ones stand out
        color = QColor(palette.color(QPalette.ColorRole.Text))
        color.setAlpha((70 if dark else 60) if current else (40 if dark else 34))
        return color
    color = QColor(style_for(label).color)
    if label == "not_a_claim" and not current:
        color.setAlpha(0)
        return color
    # a touch more on dark backgrounds to stay visible; the current one is also framed
    color.setAlpha((110 if dark else 85) if current else (70 if dark else 46))
    return color


def composite(over: QColor, base: QColor) -> QColor:
    """`over` (translucent) painted on the opaque `base`: the colour the eye gets."""
    a = over.alphaF()
    return QColor.fromRgbF(
        over.redF() * a + base.redF() * (1 - a),
        over.greenF() * a + base.greenF() * (1 - a),
        over.blueF() * a + base.blueF() * (1 - a),
    )


def _luminance(color: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = channel(color.redF()), channel(color.greenF()), channel(color.blueF())
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG 2 contrast ratio of two opaque colours (1 to 21; AA text needs 4.5)."""
    hi, lo = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def readable_on(fill: QColor) -> QColor:
    """White or black, whichever reads better on `fill` (badge letters)."""
    white, black = QColor("#FFFFFF"), QColor("#000000")
    return white if contrast_ratio(white, fill) >= contrast_ratio(black, fill) else black


def conflict_text_color(palette: QPalette) -> QColor:
    """The contradicted colour for text (hints, the other value of a conflict): Okabe–Ito
    vermillion itself is under 4.5:1 on white and on a dark base, so darker or lighter."""
    return QColor("#FF8A4C" if is_dark(palette) else "#B34700")


def highlight_format(
    label: str | None, palette: QPalette, *, current: bool, stale: bool = False
) -> QTextCharFormat:
    style = style_for(label)
    color = QColor(style.color)
    fmt = QTextCharFormat()
    fmt.setBackground(wash(label, palette, current=current))
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
    painter.setPen(readable_on(color) if label else color)
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
