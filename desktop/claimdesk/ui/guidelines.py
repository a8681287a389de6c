"""The guidelines panel: resources/guidelines.md, rendered as Markdown."""

from __future__ import annotations

from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QTextBrowser

from claimdesk.paths import resource


def guidelines_text() -> str:
    path = resource("guidelines.md")
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return f"The guidelines file is missing ({path})."


class GuidelinesView(QTextBrowser):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("guidelines")
        self.setOpenExternalLinks(True)
        self.document().setDocumentMargin(12)
        # break lines between words only: in a narrow dock the label table otherwise split
        # "corroborated" into "corrob" / "orated"; the table scrolls sideways instead
        option = QTextOption(self.document().defaultTextOption())
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        self.document().setDefaultTextOption(option)
        self.setMarkdown(guidelines_text())
