"""Issue 12, point 8: an export whose train split came out empty says so — in the dialog, the
dataset card and `--json` notes — and, with fewer than 5 stories, offers a split by article."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from claimdesk.cli import main
from claimdesk.export.splits import SplitPlan, empty_split_notes
from claimdesk.store.models import Article, Story

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from claimdesk.ui.export_dialog import ExportDialog  # noqa: E402
from claimdesk.ui.operations import OperationRunner  # noqa: E402

STORY = "Storm warning"


def story_and_seed(db) -> tuple[str, int]:
    """A seed that puts the story out of train, while some of its articles go to train when
    the split is by article."""
    with db.sessions() as s:
        story_id = s.scalar(select(Story.id).where(Story.name == STORY))
        articles = list(s.scalars(select(Article.id).where(Article.story_id == story_id)))
    assert len(articles) >= 2
    for seed in range(500):
        plan = SplitPlan(seed=seed)
        if plan.split_of(story_id) != "train" and any(
            plan.split_of(a) == "train" for a in articles
        ):
            return story_id, seed
    raise AssertionError("no such seed")


def test_notes_name_the_empty_split_and_offer_a_split_by_article():
    plan = SplitPlan()
    notes = empty_split_notes({"train": 0, "dev": 12, "test": 0}, 1, plan)
    assert notes[0].startswith("The train split is empty") and "--split-by article" in notes[0]
    assert notes[1] == "The test split is empty on this corpus (1 story)."
    assert empty_split_notes({"train": 5, "dev": 1, "test": 1}, 3, plan) == []
    assert empty_split_notes({"train": 0, "dev": 0, "test": 0}, 0, plan) == []  # nothing out
    many = empty_split_notes({"train": 0, "dev": 9, "test": 9}, 7, plan)
    assert "--split-by article" not in many[0] and "--seed" in many[0]
    # a split asked to be empty is not remarked on
    assert empty_split_notes({"train": 4, "dev": 0, "test": 0}, 2, SplitPlan(1, 0, 0)) == []


def test_cli_json_and_card_say_the_train_split_is_empty(labelled, tmp_path, capsys):
    story_id, seed = story_and_seed(labelled.db)
    out = tmp_path / "claims.jsonl"
    argv = ["--db", labelled.url, "export", "--format", "jsonl", "-o", str(out)]
    argv += ["--story", STORY, "--seed", str(seed), "--json"]
    assert main(argv) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["records"] > 0
    assert sum(report["by_split"]["train"].values()) == 0
    assert any(n.startswith("The train split is empty") for n in report["notes"])
    card = (tmp_path / "README.md").read_text()
    assert "The train split is empty" in card and "--split-by article" in card
    # split by article: train has records, the card says what that costs
    assert main([*argv, "--split-by", "article"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert sum(report["by_split"]["train"].values()) > 0
    assert not any("train split is empty" in n for n in report["notes"])
    assert "Splits are by article" in (tmp_path / "README.md").read_text()


def test_cli_rejects_an_unknown_split_unit(labelled, tmp_path, capsys):
    argv = ["--db", labelled.url, "export", "-f", "jsonl", "-o", str(tmp_path / "x.jsonl")]
    with pytest.raises(SystemExit) as exit_info:
        main([*argv, "--split-by", "sentence"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'sentence'" in capsys.readouterr().err


def test_dialog_says_so_and_exports_again_by_article(qtbot, labelled, tmp_path):
    story_id, seed = story_and_seed(labelled.db)
    runner = OperationRunner()
    dialog = ExportDialog(labelled.db, runner=runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.stories.count() > 0, timeout=20000)
    dialog.format.setCurrentIndex(dialog.format.findData("jsonl"))
    qtbot.keyClicks(dialog.output, str(tmp_path / "claims.jsonl"))
    dialog.seed.setValue(seed)
    item = next(
        dialog.stories.item(i)
        for i in range(dialog.stories.count())
        if dialog.stories.item(i).data(Qt.ItemDataRole.UserRole) == story_id
    )
    item.setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(dialog.export_finished, timeout=20000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "⚠ The train split is empty" in dialog.status.text()
    assert dialog.by_article_button.isVisible()
    dialog.by_article_button.setFocus()
    with qtbot.waitSignal(dialog.export_finished, timeout=20000) as blocker:
        qtbot.keyClick(dialog.by_article_button, Qt.Key.Key_Space)
    result = blocker.args[0]
    assert dialog.split_unit.currentData() == "article"
    assert result.stats.records_by_split()["train"] > 0
    assert "train split is empty" not in dialog.status.text()
    assert not dialog.by_article_button.isVisible()
    runner.wait_idle(5000)
