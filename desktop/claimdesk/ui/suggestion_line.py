"""A quiet line under the claim list with the matcher's suggested label for the current
unlabelled claim. It is a hint only: nothing is ever applied from it."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel

from claimdesk.ui.models.other_reports_model import reason_text
from claimdesk.ui.style import style_for

_CANDIDATE_PREFIX = re.compile(r"^\S+ \(\d+(?:\.\d+)?\)\s*")


def because_text(because: str | None) -> str:
    """The matcher's "because" without the candidate's id and score:
    "c6293… (0.30) differs: 23 people vs 14 civilians" -> "23 people vs 14 civilians"."""
    text = _CANDIDATE_PREFIX.sub("", (because or "").strip())
    if text.startswith("differs:"):
        return text.removeprefix("differs:").strip()
    if text.startswith(("shares:", "numbers:")):
        parts = [p.strip() for p in text.split(";")]
        agree = [p for p in parts if "articles agree" in p]
        cleaned = reason_text(";".join(p for p in parts if p not in agree))
        return " · ".join(x for x in [cleaned, *agree] if x)
    return text


def suggestion_text(suggestion) -> str:
    label = style_for(suggestion.label).name
    because = because_text(suggestion.because)
    text = f"Suggestion: {label} ({suggestion.confidence:.2f})"
    return f"{text} — {because}" if because else text


class SuggestionLine(QLabel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("suggestionLine")
        self.setWordWrap(True)
        self.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setToolTip(
            "The matcher's guess from the other reports and their conflict hints. "
            "It is never applied: you decide the label."
        )
        self.claim_id: str | None = None
        self.suggestion = None
        self.hide()

    def set_suggestion(self, claim_id: str, suggestion) -> None:
        self.claim_id = claim_id or None
        self.suggestion = suggestion
        if suggestion is None:
            self.clear()
            self.hide()
            return
        self.setText(suggestion_text(suggestion))
        self.show()
