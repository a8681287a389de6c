"""The export dialog: runs in the background, reports the result, shows one clear error."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from claimdesk.ui.export_dialog import ExportDialog  # noqa: E402
from claimdesk.ui.operations import OperationRunner  # noqa: E402


@pytest.fixture
def dialog(qtbot, labelled):
    runner = OperationRunner()
    dialog = ExportDialog(labelled.db, runner=runner)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(
        lambda: dialog.annotator.count() > 1 and dialog.stories.count() > 0, timeout=20000
    )
    yield dialog
    runner.wait_idle(5000)


def test_exports_in_the_background_with_filters(qtbot, dialog, tmp_path):
    dialog.format.setCurrentIndex(dialog.format.findData("jsonl"))
    qtbot.keyClicks(dialog.output, str(tmp_path / "claims.jsonl"))
    dialog.gold_only.setChecked(True)
    storm = next(
        dialog.stories.item(i)
        for i in range(dialog.stories.count())
        if dialog.stories.item(i).text() == "Storm warning"
    )
    storm.setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(dialog.export_finished, timeout=20000) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    result = blocker.args[0]
    assert (tmp_path / "claims.jsonl").is_file() and result.card.is_file()
    assert result.stats.stories_by_split and "Wrote" in dialog.status.text()
    assert dialog.export_button.isEnabled() and not dialog.cancel_button.isEnabled()


def test_bad_path_is_one_clear_message(qtbot, dialog, tmp_path):
    blocker_file = tmp_path / "file"
    blocker_file.write_text("x")
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    dialog.output.setText(str(blocker_file / "claims.csv"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled(), timeout=20000)
    assert dialog.status.text().startswith("Export failed:")
    assert "not a folder" in dialog.status.text()


def test_form_errors_stay_in_the_form(qtbot, dialog, tmp_path):
    dialog.output.setText(str(tmp_path / "x.jsonl"))
    for box in (dialog.train, dialog.dev, dialog.test):
        box.setValue(0)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "split ratios" in dialog.status.text()
    assert not (tmp_path / "x.jsonl").exists()


def test_format_switch_enables_the_right_options(dialog):
    dialog.format.setCurrentIndex(dialog.format.findData("pairs"))
    assert dialog.neutral.isEnabled() and not dialog.gold_only.isEnabled()
    dialog.format.setCurrentIndex(dialog.format.findData("labels"))
    assert not dialog.stories.isEnabled() and not dialog.neutral.isEnabled()
