"""Issue 12, points 6 and 7: colours. Every text on a claim's wash passes WCAG AA (4.5:1) in the
light and the dark theme; unlabelled claims are neutral (not orange like contradicted, no
mustard on a dark page) and keep their wash when the annotator moves on or undoes; the current
claim does not look like a text selection; View ▸ Theme switches and is remembered."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from test_window import focus_claims, press

from claimdesk.ui.settings import qsettings
from claimdesk.ui.style import (
    STYLES,
    composite,
    conflict_text_color,
    contrast_ratio,
    readable_on,
    wash,
)
from claimdesk.ui.theme import THEME_KEY, UnknownThemeError, apply_theme, palette_for

LABELS = [None, *STYLES]
AA = 4.5


@pytest.fixture
def system_theme_after():
    yield
    apply_theme("system", save=False)


def role(palette: QPalette, which) -> QColor:
    return palette.color(QPalette.ColorGroup.Active, which)


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("label", LABELS)
@pytest.mark.parametrize("current", [False, True])
def test_text_on_every_claim_wash_passes_wcag_aa(qapp, theme, label, current):
    palette = palette_for(theme)
    base, text = role(palette, QPalette.ColorRole.Base), role(palette, QPalette.ColorRole.Text)
    shown = composite(wash(label, palette, current=current), base)
    assert contrast_ratio(text, shown) >= AA, (theme, label, current, shown.name())


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_themes_own_texts_pass_wcag_aa(qapp, theme):
    palette = palette_for(theme)
    base = role(palette, QPalette.ColorRole.Base)
    window = role(palette, QPalette.ColorRole.Window)
    pairs = [
        (role(palette, QPalette.ColorRole.Text), base),
        (role(palette, QPalette.ColorRole.WindowText), window),
        (role(palette, QPalette.ColorRole.PlaceholderText), base),
        (role(palette, QPalette.ColorRole.PlaceholderText), window),
        (
            role(palette, QPalette.ColorRole.HighlightedText),
            role(palette, QPalette.ColorRole.Highlight),
        ),
        (conflict_text_color(palette), base),  # "⚠ 23 vs 14" and the other value
    ]
    for fore, back in pairs:
        assert contrast_ratio(fore, back) >= AA, (theme, fore.name(), back.name())


@pytest.mark.parametrize("label", list(STYLES))
def test_badge_letters_read_on_their_colour(qapp, label):
    fill = QColor(STYLES[label].color)
    assert contrast_ratio(readable_on(fill), fill) >= AA


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_unlabelled_is_neutral_visible_and_unlike_contradicted(qapp, theme):
    palette = palette_for(theme)
    base = role(palette, QPalette.ColorRole.Base)
    unlabelled = composite(wash(None, palette, current=False), base)
    contradicted = composite(wash("contradicted", palette, current=False), base)
    # neutral: no hue of its own, so a dark article is not tinted mustard
    assert unlabelled.hsvSaturation() < 12
    assert contradicted.hsvSaturation() >= 30
    # visible against the page: a claim left behind still looks like a claim
    assert abs(unlabelled.lightness() - base.lightness()) >= 20


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_current_unique_claim_is_not_the_selection_colour(qapp, theme):
    palette = palette_for(theme)
    base = role(palette, QPalette.ColorRole.Base)
    current = composite(wash("unique", palette, current=True), base)
    selection = role(palette, QPalette.ColorRole.Highlight)
    distance = sum(
        abs(a - b) for a, b in zip(current.getRgb()[:3], selection.getRgb()[:3], strict=True)
    )
    assert distance >= 120, (current.name(), selection.name())


def test_unknown_theme_is_a_clear_error(qapp):
    with pytest.raises(UnknownThemeError, match="unknown theme 'sepia'"):
        apply_theme("sepia", save=False)


# ---- in the window ------------------------------------------------------------------------------


def _wash_of(window, claim_id) -> QColor:
    view = window.article_view
    claim = view._claims[claim_id]
    start, end = view._offsets.span_to_qt(claim.start, claim.end)
    for selection in view.text.extraSelections():
        if (selection.cursor.selectionStart(), selection.cursor.selectionEnd()) == (start, end):
            return selection.format.background().color()
    raise AssertionError(f"no highlight for {claim_id}")


def test_the_claim_you_leave_keeps_its_unlabelled_wash(qtbot, window):
    focus_claims(qtbot, window)
    view = window.article_view
    palette = view.palette()
    first = window.session.current
    resting = wash(None, palette, current=False)
    qtbot.keyClick(window.claim_list.view, Qt.Key.Key_J)  # leave it
    assert _wash_of(window, first) == resting
    qtbot.keyClick(window.claim_list.view, Qt.Key.Key_K)  # back, then label and undo
    press(qtbot, window, Qt.Key.Key_U)
    assert _wash_of(window, first) == wash("unique", palette, current=False)
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.claim_list.view, Qt.Key.Key_J)
    assert window.session.current != first
    assert _wash_of(window, first) == resting
    # and it shows on screen: the pixels under the claim differ from the page
    base = palette.color(QPalette.ColorRole.Base)
    shown = composite(resting, base)
    assert abs(shown.lightness() - base.lightness()) >= 20


def test_view_theme_dark_switches_the_window_and_is_remembered(qtbot, window, system_theme_after):
    window.theme_actions["dark"].trigger()
    app = QApplication.instance()
    assert app.palette().color(QPalette.ColorRole.Base).lightness() < 60
    assert qsettings().value(THEME_KEY) == "dark"
    assert window.theme_actions["dark"].isChecked()
    assert not window.theme_actions["light"].isChecked()
    # the article repaints with the dark washes (the format cache is keyed by the palette)
    qtbot.waitUntil(
        lambda: window.article_view.palette().color(QPalette.ColorRole.Base).lightness() < 60,
        timeout=3000,
    )
    focus_claims(qtbot, window)
    qtbot.keyClick(window.claim_list.view, Qt.Key.Key_J)
    first = window.session.data.claims[0].id
    assert _wash_of(window, first) == wash(None, window.article_view.palette(), current=False)
    window.theme_actions["light"].trigger()
    assert app.palette().color(QPalette.ColorRole.Base).lightness() > 200
    assert qsettings().value(THEME_KEY) == "light"


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_review_detail_muted_text_follows_the_theme(qapp, theme):
    from claimdesk.ui.review.detail_panel import panel_css

    palette = palette_for(theme)
    css = panel_css(palette)
    muted = role(palette, QPalette.ColorRole.PlaceholderText)
    assert f".muted {{ color: {muted.name()}; }}" in css
    assert contrast_ratio(muted, role(palette, QPalette.ColorRole.Base)) >= AA
