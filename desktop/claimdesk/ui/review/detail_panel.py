"""One disputed claim in full: the claim in whole sentences of its paragraph, every annotator's
label, note and links side by side, the matcher's candidates from the other articles of the story
with their conflict hints, the gold label if any, and the adjudication buttons with a note.

The paragraph is rendered as HTML from Python string slices (before / claim / after), so no
code-point to UTF-16 conversion is needed for the highlight.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from claimdesk.domain.labels import Label
from claimdesk.services.review import AnnotatorView, CandidateView, ClaimDetail
from claimdesk.services.screen_reads import conflict_subject
from claimdesk.services.screen_records import ClaimItem, OtherClaim
from claimdesk.ui.models.other_reports_model import LINK_MARK, hint_text, reason_text
from claimdesk.ui.style import badge_icon, conflict_text_color, style_for

# Keyboard: digits in label order, and the letters the annotation window's badges show.
LABEL_KEYS = {
    Label.CORROBORATED: ("1", "C"),
    Label.CONTRADICTED: ("2", "X"),
    Label.UNIQUE: ("3", "U"),
    Label.NOT_A_CLAIM: ("4", "N"),
}

_CSS = """
body { font-size: 10.5pt; }
table { border-collapse: collapse; }
td, th { padding: 4px 10px 4px 0; vertical-align: top; }
th { text-align: left; }
.muted { color: MUTED; }
.hint { color: CONFLICT; font-weight: 600; }
"""


def panel_css(palette: QPalette) -> str:
    """The HTML's style with the palette's muted and conflict colours (no fixed colour reads at
    4.5:1 on both a light and a dark page)."""
    return _CSS.replace("MUTED", palette.color(QPalette.ColorRole.PlaceholderText).name()).replace(
        "CONFLICT", conflict_text_color(palette).name()
    )


def _wash(label: str | None, alpha: int = 60) -> str:
    color = QColor(style_for(label).color)
    return f"rgba({color.red()},{color.green()},{color.blue()},{alpha})"


def context_html(detail: ClaimDetail, consensus: str | None) -> str:
    return (
        f"<p>{escape(detail.before)}"
        f'<span style="background:{_wash(consensus)}; font-weight:600;">'
        f"{escape(detail.claim_text)}</span>{escape(detail.after)}</p>"
    )


def _label_cell(view: AnnotatorView) -> str:
    style = style_for(view.label)
    stale = ' <span class="muted">(stale)</span>' if view.stale else ""
    return (
        f'<span style="color:{style.color}; font-weight:600;">{style.letter}</span> '
        f"{escape(style.name)}{stale}"
    )


def _links_cell(view: AnnotatorView) -> str:
    if not view.links:
        return '<span class="muted">no links</span>'
    items = []
    for link in view.links:
        kind_color = style_for("contradicted" if link.kind == "conflict" else "corroborated").color
        items.append(
            f'<span style="color:{kind_color}; font-weight:600;">{escape(link.kind)}</span> '
            f"{escape(link.other_text)} "
            f'<span class="muted">— {escape(link.other_article)}</span>'
        )
    return "<br>".join(items)


def comparison_html(detail: ClaimDetail) -> str:
    """A table, one column per annotator: label, note, links (with the linked claims' text)."""
    if not detail.annotators:
        return '<p class="muted">nobody has labelled this claim</p>'
    names = "".join(f"<th>{escape(view.annotator)}</th>" for view in detail.annotators)
    labels = "".join(f"<td>{_label_cell(view)}</td>" for view in detail.annotators)
    notes = "".join(
        f"<td>{escape(view.note) if view.note else '<span class=muted>—</span>'}</td>"
        for view in detail.annotators
    )
    links = "".join(f"<td>{_links_cell(view)}</td>" for view in detail.annotators)
    return (
        f'<table width="100%"><tr><th></th>{names}</tr>'
        f'<tr><td class="muted">label</td>{labels}</tr>'
        f'<tr><td class="muted">note</td>{notes}</tr>'
        f'<tr><td class="muted">links</td>{links}</tr></table>'
    )


def as_other_claim(candidate: CandidateView) -> OtherClaim:
    """The candidate as a row of the main window's other-reports panel, so that its conflict
    hint reads the same here as there (hint_text)."""
    first = candidate.hints[0] if candidate.hints else None
    return OtherClaim(
        ClaimItem(candidate.claim_id, candidate.article_id, 0, 0, candidate.text),
        candidate.article,
        "",
        0,
        score=candidate.score,
        reason=candidate.reason,
        conflict=(str(first.value_a), str(first.value_b)) if first is not None else None,
        shared_terms=candidate.shared_terms,
        hint="; ".join(str(hint.description) for hint in candidate.hints) or None,
        conflict_what=conflict_subject(first) if first is not None else None,
    )


def candidate_hint(candidate: CandidateView) -> str:
    return hint_text(as_other_claim(candidate))


def candidates_html(candidates: list[CandidateView] | None) -> str:
    """The matcher's candidates, best first: hint, text, article and who linked it."""
    if candidates is None:
        return '<p class="muted">finding the other reports…</p>'
    if not candidates:
        return '<p class="muted">no candidates in the other articles of the story</p>'
    rows = []
    for candidate in candidates:
        row = as_other_claim(candidate)
        hint = hint_text(row)
        why = reason_text(candidate.reason)
        linked = ", ".join(
            f"{escape(name)} {LINK_MARK.get(kind, kind)} {escape(kind)}"
            for name, kind in candidate.linked_by
        )
        facts = [escape(candidate.article), f"score {candidate.score:.2f}"]
        if why:
            facts.append(escape(why))
        if linked:
            facts.append(f"linked by {linked}")
        rows.append(
            f'<tr><td width="22%">{f"<span class=hint>{escape(hint)}</span>" if hint else ""}'
            f"</td><td>{escape(candidate.text)}<br>"
            f'<span class="muted">{" · ".join(facts)}</span></td></tr>'
        )
    return f'<table width="100%">{"".join(rows)}</table>'


def gold_text(detail: ClaimDetail) -> str:
    if detail.gold is None:
        return "gold label: not adjudicated yet"
    note = f" — “{detail.gold_note}”" if detail.gold_note else ""
    return f"gold label: {style_for(detail.gold).name} by {detail.gold_by}{note}"


class DetailPanel(QWidget):
    adjudicate_requested = Signal(str)  # a Label value

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.detail: ClaimDetail | None = None
        self._consensus: str | None = None
        self.header = QLabel("Select a claim in the queue")
        self.header.setWordWrap(True)
        self.header.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.context = QTextBrowser()
        self.context.setOpenLinks(False)
        self.comparison = QTextBrowser()
        self.comparison.setOpenLinks(False)
        self.candidates_title = QLabel("<b>Other reports</b> — the matcher's candidates")
        self.candidates = QTextBrowser()
        self.candidates.setOpenLinks(False)
        self.candidate_views: list[CandidateView] | None = None
        self._apply_css()
        self.gold = QLabel("")
        self.read_only = QLabel("")  # why the buttons are off (not a lead), above them
        self.read_only.setWordWrap(True)
        font = self.read_only.font()
        font.setItalic(True)
        self.read_only.setFont(font)
        self.read_only.hide()
        self.note = QLineEdit()
        self.note.setPlaceholderText(
            "note for the gold label (optional; E to edit, Enter to finish)"
        )
        self.note.setClearButtonEnabled(True)
        self.buttons: dict[str, QPushButton] = {}

        bar = QHBoxLayout()
        for label, (digit, letter) in LABEL_KEYS.items():
            button = QPushButton(badge_icon(label.value), f" {digit}  {style_for(label).name}")
            button.setToolTip(f"gold label {style_for(label).name} (keys {digit} or {letter})")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the queue
            button.clicked.connect(lambda _=False, value=label.value: self._on_button(value))
            self.buttons[label.value] = button
            bar.addWidget(button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.header)
        layout.addWidget(self.context, 2)
        layout.addWidget(self.comparison, 2)
        layout.addWidget(self.candidates_title)
        layout.addWidget(self.candidates, 3)
        layout.addWidget(self.gold)
        layout.addWidget(self.read_only)
        layout.addWidget(self.note)
        layout.addLayout(bar)
        self.set_adjudication_enabled(False)

    def set_adjudication_enabled(self, enabled: bool, why: str = "") -> None:
        for button in self.buttons.values():
            button.setEnabled(enabled)
        self.note.setEnabled(enabled)
        self.read_only.setText(why)
        self.read_only.setVisible(bool(why))

    def _apply_css(self) -> None:
        css = panel_css(self.palette())
        for view in (self.context, self.comparison, self.candidates):
            view.document().setDefaultStyleSheet(css)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # the theme changed: redraw the HTML
            self._apply_css()
            if self.detail is not None:
                self.show_detail(self.detail, self._consensus)
                self.candidates.setHtml(candidates_html(self.candidate_views))

    def show_detail(self, detail: ClaimDetail, consensus: str | None = None) -> None:
        if self.detail is None or self.detail.claim_id != detail.claim_id:
            self.show_candidates(None)  # another claim: its candidates are on their way
        self.detail, self._consensus = detail, consensus
        self.header.setText(f"<b>{escape(detail.story_name)}</b> · {escape(detail.article_title)}")
        self.header.setToolTip(f"claim {detail.claim_id} · Enter opens it in the main window")
        self.context.setHtml(context_html(detail, consensus))
        self.comparison.setHtml(comparison_html(detail))
        self.gold.setText(gold_text(detail))

    def clear(self, message: str = "Nothing to adjudicate here") -> None:
        self.detail = None
        self.header.setText(message)
        self.context.clear()
        self.comparison.clear()
        self.candidate_views = None
        self.candidates.clear()
        self.gold.setText("")

    def show_candidates(self, candidates: list[CandidateView] | None) -> None:
        """The claim's candidates (None: still loading)."""
        self.candidate_views = candidates
        self.candidates.setHtml(candidates_html(candidates))

    def take_note(self) -> str:
        return self.note.text().strip()

    def _on_button(self, label: str) -> None:
        self.adjudicate_requested.emit(label)
