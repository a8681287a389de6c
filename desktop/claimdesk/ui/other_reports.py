"""Other reports: the claims of the story's other articles, to link the current claim to.

Once the matcher has ranked them for the current claim, the best candidates come first with a
score bar, the shared words in bold (the other value of a conflict in the conflict colour), the
reason, and the conflict hint "⚠ 23 vs 14"; then the rest of the story, filterable."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from claimdesk.services.screen_records import ClaimItem, OtherClaim
from claimdesk.ui.menus import show_context_menu
from claimdesk.ui.models.other_reports_model import (
    CLAIM_ID_ROLE,
    COL_CLAIM,
    COL_HINT,
    COL_LINK,
    COL_SCORE,
    CONFLICT_COLOR,
    DIVIDER_ROLE,
    EMPHASIS_ROLE,
    ROW_ROLE,
    OtherReportsFilter,
    OtherReportsModel,
    hint_text,
    reason_text,
)
from claimdesk.ui.style import badge, conflict_text_color
from claimdesk.ui.text import plural

PAD = 5
BADGE = 16
TEXT_LINES = 2


def _small(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(max(7.0, font.pointSizeF() - 1))
    return small


def _styled_runs(text: str, spans) -> list[tuple[str, str | None]]:
    """The text as (piece, kind) runs: kind is None, "shared" or "conflict"."""
    runs, at = [], 0
    for start, end, kind in spans:
        if start > at:
            runs.append((text[at:start], None))
        runs.append((text[start:end], kind))
        at = end
    if at < len(text):
        runs.append((text[at:], None))
    return runs


class CandidateDelegate(QStyledItemDelegate):
    """Uniform rows: the claim on two lines with its shared words emphasised and, under it, the
    article and the matcher's reason; a score bar; the divider before the rest of the story."""

    def sizeHint(self, option, index):  # noqa: N802 (Qt API)
        fm = QFontMetrics(option.font)
        small = QFontMetrics(_small(option.font))
        height = TEXT_LINES * fm.lineSpacing() + small.lineSpacing() + 2 * PAD
        if index.column() in (COL_LINK, COL_HINT):  # sized to their (short) contents
            return QSize(super().sizeHint(option, index).width() + 2 * PAD, height)
        return QSize(40, height)

    def paint(self, painter, option, index):
        if index.data(DIVIDER_ROLE):
            self._paint_divider(painter, option, index)
            return
        column = index.column()
        if column not in (COL_CLAIM, COL_SCORE):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        opt.icon = QIcon()
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, opt.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Active
            if option.state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        text_color = option.palette.color(
            group, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = (
            text_color
            if selected
            else option.palette.color(group, QPalette.ColorRole.PlaceholderText)
        )
        row: OtherClaim = index.data(ROW_ROLE)
        painter.save()
        if column == COL_SCORE:
            self._paint_score(painter, option, row, text_color, muted)
        else:
            self._paint_claim(painter, option, index, row, selected, text_color, muted)
        painter.restore()

    def _paint_divider(self, painter, option, index) -> None:
        painter.save()
        muted = option.palette.color(QPalette.ColorRole.PlaceholderText)
        rect = option.rect
        y = rect.center().y()
        painter.setPen(muted)
        if index.column() == COL_CLAIM:
            font = _small(option.font)
            font.setItalic(True)
            painter.setFont(font)
            text = index.data(Qt.ItemDataRole.DisplayRole) or ""
            width = QFontMetrics(font).horizontalAdvance(text) + 2 * PAD
            painter.drawText(
                rect.adjusted(PAD, 0, 0, 0),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                text,
            )
            painter.drawLine(rect.left() + width, y, rect.right() - PAD, y)
        else:
            painter.drawLine(rect.left(), y, rect.right(), y)
        painter.restore()

    def _paint_score(self, painter, option, row, text_color, muted) -> None:
        if row is None or row.score is None:
            return
        rect = option.rect.adjusted(PAD, PAD, -PAD, -PAD)
        font = _small(option.font)
        painter.setFont(font)
        painter.setPen(text_color)
        fm = QFontMetrics(font)
        painter.drawText(
            QRectF(rect.left(), rect.top(), rect.width(), fm.lineSpacing()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            f"{row.score:.2f}",
        )
        track = QRectF(rect.left(), rect.top() + fm.lineSpacing() + 3, rect.width(), 4)
        trough = QColor(muted)
        trough.setAlpha(60)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(trough)
        painter.drawRoundedRect(track, 2, 2)
        fill = QColor(
            CONFLICT_COLOR if row.conflict else option.palette.color(QPalette.ColorRole.Highlight)
        )
        painter.setBrush(fill)
        filled = QRectF(track)
        filled.setWidth(max(2.0, track.width() * max(0.0, min(1.0, float(row.score)))))
        painter.drawRoundedRect(filled, 2, 2)

    def _paint_claim(self, painter, option, index, row, selected, text_color, muted) -> None:
        rect = option.rect.adjusted(PAD, PAD, -PAD, -PAD)
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        claim = row.claim
        painter.drawPixmap(
            rect.left(), rect.top() + 1, badge(claim.label, BADGE, stale=claim.stale, ratio=ratio)
        )
        left = rect.left() + BADGE + PAD
        width = rect.right() - left
        fm = QFontMetrics(option.font)
        plain = QFont(option.font)
        strong = QFont(option.font)
        strong.setBold(True)
        strong.setUnderline(True)
        conflict_color = text_color if selected else conflict_text_color(option.palette)
        text, spans = _window(
            claim.text.replace("\n", " "),
            index.data(EMPHASIS_ROLE) or [],
            int(TEXT_LINES * width / max(1, fm.averageCharWidth())),
        )
        runs = _styled_runs(text, spans)
        self._draw_wrapped(
            painter, runs, left, rect.top(), width, fm, plain, strong, text_color, conflict_color
        )
        small = _small(option.font)
        sfm = QFontMetrics(small)
        top = rect.top() + TEXT_LINES * fm.lineSpacing()
        x = left
        hint = hint_text(row)
        if hint:  # under the claim, first: the conflict column squeezed the claim to nothing
            bold = QFont(small)
            bold.setBold(True)
            hint_width = min(width, QFontMetrics(bold).horizontalAdvance(hint + "  "))
            painter.setFont(bold)
            painter.setPen(conflict_color)
            painter.drawText(
                QRectF(x, top, hint_width, sfm.lineSpacing()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                QFontMetrics(bold).elidedText(hint, Qt.TextElideMode.ElideRight, int(hint_width)),
            )
            x += hint_width
        painter.setFont(small)
        painter.setPen(muted)
        meta = []
        reason = reason_text(row.reason)
        if reason:  # why it was ranked here first; the article after it
            meta.append(reason)
        meta.append(row.source or row.article_title)
        if claim.speaker:
            meta.append(f"— {claim.speaker}")
        rest = max(0, int(left + width - x))
        painter.drawText(
            QRectF(x, top, rest, sfm.lineSpacing()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            sfm.elidedText("  ·  ".join(meta), Qt.TextElideMode.ElideRight, rest),
        )

    @staticmethod
    def _draw_wrapped(painter, runs, left, top, width, fm, plain, strong, color, conflict_color):
        """Word-wrap styled runs on TEXT_LINES lines, eliding the last one."""
        strong_fm = QFontMetrics(strong)
        ellipsis = "…"
        x, line = 0.0, 0
        baseline = top + fm.ascent()

        def draw(piece: str, kind) -> None:
            painter.setFont(strong if kind else plain)
            painter.setPen(conflict_color if kind == "conflict" else color)
            painter.drawText(int(left + x), int(baseline + line * fm.lineSpacing()), piece)

        # split every run into words (keeping their trailing spaces) so lines break between words
        words: list[list[tuple[str, str | None]]] = [[]]
        for piece, kind in runs:
            for part in _split_keep_spaces(piece):
                words[-1].append((part, kind))
                if part.endswith(" "):
                    words.append([])
        for word in words:
            if not word:
                continue
            advance = sum(
                (strong_fm if kind else fm).horizontalAdvance(piece) for piece, kind in word
            )
            if x > 0 and x + advance > width and line < TEXT_LINES - 1:
                line, x = line + 1, 0.0
            if x + advance > width:  # last line: elide inside the word and stop
                for piece, kind in word:
                    metrics = strong_fm if kind else fm
                    room = width - x - fm.horizontalAdvance(ellipsis)
                    fitted = piece
                    while fitted and metrics.horizontalAdvance(fitted) > room:
                        fitted = fitted[:-1]
                    draw(fitted, kind)
                    x += metrics.horizontalAdvance(fitted)
                    if fitted != piece:
                        break
                painter.setFont(plain)
                painter.setPen(color)
                painter.drawText(int(left + x), int(baseline + line * fm.lineSpacing()), ellipsis)
                return
            for piece, kind in word:
                draw(piece, kind)
                x += (strong_fm if kind else fm).horizontalAdvance(piece)


def _window(text: str, spans, capacity: int):
    """When the other value of a conflict would fall beyond what two lines show (about
    `capacity` characters), start the text some words before it with "…", so it is seen."""
    target = next((sp for sp in spans if sp[2] == "conflict"), None)
    if target is None or len(text) <= capacity or target[1] <= capacity * 0.8:
        return text, spans
    start = max(0, target[0] - capacity // 2)
    space = text.find(" ", start)
    if 0 <= space < target[0]:
        start = space + 1
    shift = start - 1  # one character for the "…"
    moved = [(a - shift, b - shift, kind) for a, b, kind in spans if a >= start]
    return "…" + text[start:], moved


def _split_keep_spaces(text: str) -> list[str]:
    parts, current = [], ""
    for ch in text:
        current += ch
        if ch == " ":
            parts.append(current)
            current = ""
    if current:
        parts.append(current)
    return parts


def by_score(rows: list[OtherClaim]) -> tuple[list[OtherClaim], int]:
    """The ranked candidates in two groups, each by score, best first, as the Score header
    says: first each other article's best claim (so a fact five outlets report shows all four
    counterparts at the top), then the further candidates; the rest of the story keeps its
    order. Returns the rows and the size of the first group. Sorted here, not in a proxy: a
    Python lessThan over a story of 900 claims cost more than the rest of opening an
    article."""
    ranked = sorted((r for r in rows if r.score is not None), key=lambda r: -float(r.score))
    rest = [r for r in rows if r.score is None]
    best, more, seen = [], [], set()
    for row in ranked:
        (more if row.claim.article_id in seen else best).append(row)
        seen.add(row.claim.article_id)
    return best + more + rest, len(best)


class OtherReports(QWidget):
    activated = Signal(str, str)  # article id, claim id (double-click: open that article)
    selection_changed = Signal(str)  # the selected candidate's claim id ("" for none)

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
        self.view.setItemDelegate(CandidateDelegate(self.view))
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # The hint column used to hold the reason and the score as well and sized itself to
        # that long text, so it sat beyond the right edge of the panel. It now holds only the
        # two values ("⚠ 23 vs 14") and the claim column takes what is left.
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(16)
        header.setSectionResizeMode(COL_LINK, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(COL_LINK, 22)
        header.setSectionResizeMode(COL_SCORE, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(COL_SCORE, 46)
        header.setSectionResizeMode(COL_CLAIM, QHeaderView.ResizeMode.Stretch)
        # The conflict hint is drawn under the claim text (a column of its own squeezed the
        # claim to ~25 characters and made the layout jump between claims); the model keeps
        # the column for tooltips, tests and copy.
        self.view.setColumnHidden(COL_HINT, True)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_context_menu)
        self.view.doubleClicked.connect(self._on_double_clicked)
        self.view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.selection_changed.emit(
                current.siblingAtColumn(COL_CLAIM).data(CLAIM_ID_ROLE) or ""
            )
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.filter)
        layout.addWidget(self.view, 1)
        self._context_actions: list = []
        self._for_claim: str | None = None

    def set_context_actions(self, actions: list) -> None:
        self._context_actions = actions

    def set_rows(self, rows: list[OtherClaim]) -> None:
        """New rows for the current claim (a ranking, or the story in article order). The
        selection is kept only when it was made for this same claim (see show_for_claim)."""
        selected = self.selected_claim_id()
        ordered, best_of_each = by_score(rows)
        self.model.set_rows(ordered, best_of_each=best_of_each)
        ranked = self.model.ranked_count()
        articles = len({r.claim.article_id for r in rows})
        if ranked:
            conflicts = sum(1 for r in rows if r.conflict)
            self.heading.setText(
                f"Other reports: {ranked} {plural(ranked, 'candidate')}"
                + (f", {conflicts} with a conflict" if conflicts else "")
                + f" ({articles} {plural(articles, 'article')})"
            )
        else:
            self.heading.setText(
                f"Other reports in this story ({articles} {plural(articles, 'article')})"
            )
        if not (selected and self.select_claim(selected)):
            self.view.scrollToTop()

    def show_for_claim(self, claim_id: str | None) -> None:
        """Another claim became current: its list opens at the top with nothing selected, so
        the best candidates and the conflicts are in view and A/D cannot act on a row that
        was chosen for the previous claim."""
        if claim_id == self._for_claim:
            return
        self._for_claim = claim_id
        self.view.selectionModel().clear()
        self.view.scrollToTop()

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

    def selected_row(self) -> OtherClaim | None:
        claim_id = self.selected_claim_id()
        return self.model.other(claim_id) if claim_id else None

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
        show_context_menu(self, self._context_actions, self.view.viewport().mapToGlobal(point))
