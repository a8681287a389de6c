"""The candidate's article beside the current one: a second, read-only ArticleView with a
small header, scrolled to the candidate claim and emphasising it. Esc closes it."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout

from claimdesk.services.screen_records import ArticleData
from claimdesk.ui.article_view import ArticleView


class CompareView(QFrame):
    closed = Signal()
    claim_clicked = Signal(str)  # a claim of the article beside was clicked
    shown_claim = Signal(str, str)  # article id, claim id now emphasised beside

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("compareView")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.caption = QLabel("Beside", self)
        self.caption.setObjectName("paneHeading")
        self.caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        close = QToolButton(self)
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Close the article beside (Esc)")
        close.clicked.connect(self.close_beside)
        self.close_button = close
        self.article = ArticleView(self)
        self.article.text.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.article.claim_clicked.connect(self._on_claim_clicked)
        bar = QHBoxLayout()
        bar.setContentsMargins(22, 6, 8, 0)
        bar.addWidget(self.caption, 1)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.article, 1)
        self.article_id: str | None = None
        self.claim_id: str | None = None
        self.hide()

    def show_article(self, data: ArticleData, claim_id: str | None) -> None:
        self.caption.setText("Beside (read only) — Esc closes")
        self.show()
        if data.id != self.article_id:
            self.article.set_article(data)
            self.article_id = data.id
        self.claim_id = claim_id
        # scroll once the splitter has given the view its size (it was hidden until now)
        QTimer.singleShot(0, lambda: self.show_claim(self.claim_id))

    def show_claim(self, claim_id: str | None) -> None:
        self.claim_id = claim_id
        self.article.set_current(claim_id)
        if self.article_id and claim_id:
            self.shown_claim.emit(self.article_id, claim_id)

    def close_beside(self) -> None:
        if self.isVisible():
            self.hide()
            self.closed.emit()

    def _on_claim_clicked(self, claim_id: str) -> None:
        self.show_claim(claim_id)
        self.claim_clicked.emit(claim_id)
