"""Other reports: the claims of the story's other articles, to link the current claim to."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from claimdesk.ui.data import ClaimItem, OtherClaim
from claimdesk.ui.models.other_reports_model import (
    CLAIM_ID_ROLE,
    COL_CLAIM,
    COL_HINT,
    COL_LINK,
    COL_SOURCE,
    OtherReportsFilter,
    OtherReportsModel,
)


class OtherReports(QWidget):
    activated = Signal(str, str)  # article id, claim id (double-click: open that article)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = OtherReportsModel(self)
        self.proxy = OtherReportsFilter(self)
        self.proxy.setSourceModel(self.model)
        self.heading = QLabel("Other reports in this story", self)
        self.heading.setObjectName("paneHeading")
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter other reports…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = QTreeView(self)
        self.view.setObjectName("otherReports")
        self.view.setModel(self.proxy)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_LINK, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(COL_LINK, 28)
        header.setSectionResizeMode(COL_SOURCE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COL_SOURCE, 120)
        header.setSectionResizeMode(COL_CLAIM, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_HINT, QHeaderView.ResizeMode.ResizeToContents)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_context_menu)
        self.view.doubleClicked.connect(self._on_double_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.filter)
        layout.addWidget(self.view, 1)
        self._context_actions: list = []

    def set_context_actions(self, actions: list) -> None:
        self._context_actions = actions

    def set_rows(self, rows: list[OtherClaim]) -> None:
        selected = self.selected_claim_id()
        self.model.set_rows(rows)
        self.view.setColumnHidden(
            COL_HINT, not any(r.score is not None or r.reason or r.conflict for r in rows)
        )
        self.heading.setText(
            f"Other reports in this story ({len({r.claim.article_id for r in rows})} articles)"
        )
        if selected:
            self.select_claim(selected)

    def set_links(self, links: dict[str, str]) -> None:
        self.model.set_links(links)

    def update_claims(self, claims: list[ClaimItem]) -> None:
        for claim in claims:
            self.model.update_claim(claim)

    def selected_claim_id(self) -> str | None:
        index = self.view.selectionModel().currentIndex()
        if not index.isValid() or not self.view.selectionModel().isRowSelected(
            index.row(), index.parent()
        ):
            return None
        return index.siblingAtColumn(COL_CLAIM).data(CLAIM_ID_ROLE)

    def select_claim(self, claim_id: str) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, COL_CLAIM)
            if index.data(CLAIM_ID_ROLE) == claim_id:
                self.view.selectionModel().setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.view.scrollTo(index)
                return True
        return False

    def focus_list(self) -> None:
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.selected_claim_id() is None and self.proxy.rowCount():
            self.view.selectionModel().setCurrentIndex(
                self.proxy.index(0, COL_CLAIM),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def _on_double_clicked(self, index) -> None:
        claim_id = index.siblingAtColumn(COL_CLAIM).data(CLAIM_ID_ROLE)
        claim = self.model.claim(claim_id)
        if claim:
            self.activated.emit(claim.article_id, claim.id)

    def _on_context_menu(self, point) -> None:
        if not self._context_actions:
            return
        menu = QMenu(self)
        for action in self._context_actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        menu.exec(self.view.viewport().mapToGlobal(point))
