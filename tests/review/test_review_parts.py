"""The review window's parts on their own: the queue model (checked by Qt's model tester), the
switch-annotator dialog, the claim context, and the figure texts."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QPersistentModelIndex
from PySide6.QtWidgets import QTreeView

from claimdesk.agreement import Coefficient, Proportion
from claimdesk.services import annotators
from claimdesk.services.figures import figure
from claimdesk.services.review import QueueEntry, paragraph_around
from claimdesk.ui.review.annotator_dialog import AnnotatorDialog
from claimdesk.ui.review.queue_model import QueueModel


def _entry(claim: str, story: str) -> QueueEntry:
    return QueueEntry(
        claim_id=claim,
        story_id="s" + story,
        story_name=story,
        kind="label",
        labels={"alice": "unique", "bob": "contradicted"},
        label_pairs=(("contradicted", "unique"),),
        involved=("alice", "bob"),
        claim_text=f"claim {claim}",
    )


def test_queue_model_groups_by_story_and_removes_rows_in_place(qtbot, qtmodeltester):
    model = QueueModel()
    model.set_entries([_entry("c1", "A"), _entry("c2", "B"), _entry("c3", "B")])
    qtmodeltester.check(model)
    view = QTreeView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.expandAll()
    current = model.index_of_claim("c3")
    view.selectionModel().setCurrentIndex(current, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    kept = QPersistentModelIndex(current)

    assert model.remove_claim("c1")  # story A's only claim: the story row goes too
    assert model.rowCount() == 1
    assert model.entry_at(kept).claim_id == "c3"  # indexes below still find their story
    assert model.entry_at(view.currentIndex()).claim_id == "c3"
    assert [e.claim_id for e in model.entries] == ["c2", "c3"]
    qtmodeltester.check(model)
    assert model.remove_claim("c2") and not model.remove_claim("c2")
    assert model.entry_at(kept).claim_id == "c3"


def test_switch_annotator_dialog_lists_people_and_takes_a_new_name(qtbot, sqlite_db):
    annotators.add_annotator(sqlite_db, "alice")
    annotators.add_annotator(sqlite_db, "lena")
    annotators.set_lead(sqlite_db, "lena")
    dialog = AnnotatorDialog(sqlite_db, "lena")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.show()
    texts = [dialog.people.item(i).text() for i in range(dialog.people.count())]
    assert texts[0].startswith("alice") and "lead" in texts[1]
    assert dialog.chosen_name() == "lena"
    qtbot.keyClicks(dialog.new_name, "  Nadia   Q ")
    assert dialog.chosen_name() == "Nadia Q"
    dialog.new_name.setText("   ")
    dialog.people.setCurrentRow(-1)
    dialog.accept()
    assert "pick an annotator" in dialog.problem.text()


def test_claim_context_uses_code_point_offsets():
    text = "Intro line.\nThe 🚀 launch moved 3 times, officials said. Then 🎉 more.\nLast."
    start = text.index("launch")
    end = text.index(", officials")
    before, claim, after = paragraph_around(text, start, end)
    assert claim == "launch moved 3 times"
    assert before == "The 🚀 " and after.startswith(", officials said.")
    assert "Intro" not in before and "Last" not in after


def test_missing_figures_read_as_words():
    assert figure(Coefficient(0.4)) == "0.400"
    assert figure(Coefficient.undefined("not enough data: one annotator")) == "not enough data"
    assert figure(Coefficient.undefined("no variation: every label is unique")) == "no variation"
    assert figure(Proportion(float("nan"), 0, 0, None)) == "not enough data"
    assert figure(None) == "not enough data"
