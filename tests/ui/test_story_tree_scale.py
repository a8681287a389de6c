"""The story navigator on an archive: a label's progress update reads the rows on screen, not
every story (the tree would otherwise measure its progress column over a thousand rows on
every keystroke)."""

from __future__ import annotations

from claimdesk.services.screen_records import ArticleNode, StoryNode
from claimdesk.ui.models.story_tree_model import StoryTreeModel
from claimdesk.ui.story_tree import StoryTree


def _archive(stories: int) -> list[StoryNode]:
    return [
        StoryNode(
            f"s{i}",
            f"Story {i}",
            tuple(
                ArticleNode(f"a{i}-{j}", f"Report {i}-{j}", "Wire", "2025-01-01", 0, 40)
                for j in range(3)
            ),
        )
        for i in range(stories)
    ]


def test_a_progress_update_reads_only_the_rows_on_screen(qtbot, monkeypatch):
    reads = []
    counting = False
    original = StoryTreeModel.data

    def data(self, index, role=0):
        if counting:
            reads.append(index.row())
        return original(self, index, role)

    monkeypatch.setattr(StoryTreeModel, "data", data)  # before the model exists: PySide binds it
    tree = StoryTree()
    qtbot.addWidget(tree)
    tree.resize(300, 400)
    tree.set_stories(_archive(3000))
    tree.show()
    qtbot.waitExposed(tree)
    counting = True
    for labelled in range(1, 6):
        tree.model.set_progress("a0-0", labelled, 40)
        qtbot.wait(1)  # let the view handle the change (an event-loop turn, not a sleep)
        tree.view.viewport().repaint()
    assert reads  # the change was seen
    assert max(reads) < 200  # rows near the top only: 3,000 stories were not all measured
