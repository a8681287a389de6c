"""Light, dark or the system's look: one setting (View ▸ Theme), kept in QSettings.

"system" keeps the palette the platform gave the application; "light" and "dark" use Qt's
Fusion style with a palette of our own, so that both look the same on every platform and the
label colours (ui/style.py) are checked against them (tests/ui/test_colours.py)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from claimdesk.errors import UsageError
from claimdesk.ui.settings import qsettings

THEMES = ("system", "light", "dark")
THEME_KEY = "view/theme"
_ORIGINAL = "_claimdesk_system_look"  # the platform's palette and style, kept on the app

# role -> colour; Disabled text is derived from these
LIGHT = {
    QPalette.ColorRole.Window: "#EFEFEF",
    QPalette.ColorRole.WindowText: "#1A1A1A",
    QPalette.ColorRole.Base: "#FFFFFF",
    QPalette.ColorRole.AlternateBase: "#F5F5F5",
    QPalette.ColorRole.Text: "#1A1A1A",
    QPalette.ColorRole.PlaceholderText: "#616161",
    QPalette.ColorRole.Button: "#EFEFEF",
    QPalette.ColorRole.ButtonText: "#1A1A1A",
    QPalette.ColorRole.Highlight: "#3D6FB4",
    QPalette.ColorRole.HighlightedText: "#FFFFFF",
    QPalette.ColorRole.ToolTipBase: "#FFFFDC",
    QPalette.ColorRole.ToolTipText: "#1A1A1A",
    QPalette.ColorRole.Link: "#0B57D0",
    QPalette.ColorRole.BrightText: "#FFFFFF",
    QPalette.ColorRole.Light: "#FFFFFF",
    QPalette.ColorRole.Midlight: "#E3E3E3",
    QPalette.ColorRole.Mid: "#B8B8B8",
    QPalette.ColorRole.Dark: "#9F9F9F",
    QPalette.ColorRole.Shadow: "#767676",
}
DARK = {
    QPalette.ColorRole.Window: "#2B2B2B",
    QPalette.ColorRole.WindowText: "#E6E6E6",
    QPalette.ColorRole.Base: "#1E1E1E",
    QPalette.ColorRole.AlternateBase: "#262626",
    QPalette.ColorRole.Text: "#E6E6E6",
    QPalette.ColorRole.PlaceholderText: "#A6A6A6",
    QPalette.ColorRole.Button: "#353535",
    QPalette.ColorRole.ButtonText: "#E6E6E6",
    QPalette.ColorRole.Highlight: "#3D6FB4",
    QPalette.ColorRole.HighlightedText: "#FFFFFF",
    QPalette.ColorRole.ToolTipBase: "#3A3A3A",
    QPalette.ColorRole.ToolTipText: "#E6E6E6",
    QPalette.ColorRole.Link: "#8AB4F8",
    QPalette.ColorRole.BrightText: "#FFFFFF",
    QPalette.ColorRole.Light: "#505050",
    QPalette.ColorRole.Midlight: "#404040",
    QPalette.ColorRole.Mid: "#303030",
    QPalette.ColorRole.Dark: "#1A1A1A",
    QPalette.ColorRole.Shadow: "#000000",
}


class UnknownThemeError(UsageError):
    pass


def palette_for(name: str) -> QPalette:
    """The palette of "light" or "dark" (for "system", the application's own)."""
    if name == "system":
        app = QApplication.instance()
        original = getattr(app, _ORIGINAL, None)
        return QPalette(original[0]) if original else QPalette(app.palette())
    if name not in THEMES:
        raise UnknownThemeError(f"unknown theme {name!r}: choose one of {', '.join(THEMES)}")
    colours = LIGHT if name == "light" else DARK
    palette = QPalette()
    for role, value in colours.items():
        palette.setColor(role, QColor(value))
    muted = QColor(colours[QPalette.ColorRole.PlaceholderText])
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, muted)
    return palette


def saved_theme() -> str:
    name = qsettings().value(THEME_KEY, "system", type=str)
    return name if name in THEMES else "system"


def apply_theme(name: str, *, save: bool = True) -> None:
    """Switch the whole application; widgets that cache colours repaint on PaletteChange."""
    if name not in THEMES:
        raise UnknownThemeError(f"unknown theme {name!r}: choose one of {', '.join(THEMES)}")
    app = QApplication.instance()
    if getattr(app, _ORIGINAL, None) is None:
        setattr(app, _ORIGINAL, (QPalette(app.palette()), app.style().name()))
    palette, style = getattr(app, _ORIGINAL)
    if name == "system":
        app.setStyle(QStyleFactory.create(style) or style)
        app.setPalette(palette)
    else:
        app.setStyle("Fusion")
        app.setPalette(palette_for(name))
    if save:
        qsettings().setValue(THEME_KEY, name)
