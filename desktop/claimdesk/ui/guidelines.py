"""The guidelines panel: resources/guidelines.md, rendered as Markdown."""

from __future__ import annotations

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
        self.setMarkdown(guidelines_text())
