"""Stories ▸ Move article, Merge stories, Split story: which articles and stories the
annotator means (the tree's selection, else the open article), the question, and the
operation through the facade's annotation door (`App.annotation`) on the session."""

from __future__ import annotations

from claimdesk.ui import story_tree as story_tree_ui


class StoryOperations:
    def __init__(self, window):
        self.window = window

    @property
    def _session(self):
        return self.window.session

    def _story_nodes(self):
        return self.window.story_tree.model.stories()

    def _story_of_article(self, article_id: str):
        """The story row of an article (the tree has read its story: it is shown, selected
        or open)."""
        story_id = self.window.story_tree.model.story_of(article_id)
        session = self._session
        if story_id is None and session.data is not None and session.data.id == article_id:
            story_id = session.data.story_id
        return next((s for s in self._story_nodes() if s.id == story_id), None)

    def _pick_story(self, title: str, label: str, choices, *, editable: bool) -> str | None:
        """A story id for a picked name, or the typed (new) name; None when cancelled."""
        names = [s.name for s in choices]
        answer = story_tree_ui.ask_story(self.window, title, label, names, editable=editable)
        if not answer:
            return None
        answer = answer.strip()
        match = next((s for s in choices if s.name == answer), None)
        return match.id if match else answer

    def move_article(self) -> None:
        session = self._session
        ids = self.window.story_tree.selected_article_ids()
        article_id = ids[0] if ids else (session.data.id if session.data else None)
        if article_id is None:
            return
        here = self._story_of_article(article_id)
        others = [s for s in self._story_nodes() if here is None or s.id != here.id]
        target = self._pick_story(
            "Move article to story",
            "Move the article to the story (pick one, or type a new name):",
            others,
            editable=True,
        )
        if target:
            session.run_story_operation(
                "move article", lambda door: door.move_article(article_id, target)
            )

    def merge_stories(self) -> None:
        session = self._session
        selected = self.window.story_tree.selected_story_ids()
        if not selected and session.data:
            selected = [session.data.story_id]
        nodes = {s.id: s for s in self._story_nodes()}
        if len(selected) >= 2:
            choices = [nodes[sid] for sid in selected if sid in nodes]
            label = "Merge the selected stories into:"
        else:
            choices = [s for s in self._story_nodes() if s.id not in selected]
            label = "Merge this story into:"
        target = self._pick_story("Merge stories", label, choices, editable=False)
        if not target or target not in nodes:
            return
        rest = [sid for sid in selected if sid != target]
        if rest:
            session.run_story_operation(
                "merge stories", lambda door: door.merge_stories([target, *rest])
            )

    def split_story(self) -> None:
        session = self._session
        ids = self.window.story_tree.selected_article_ids()
        if not ids and session.data:
            ids = [session.data.id]
        stories = {self._story_of_article(a).id for a in ids if self._story_of_article(a)}
        if len(stories) != 1:
            self.window.status_line.say("Select articles of one story to split it.")
            return
        story_id = stories.pop()
        story = next(s for s in self._story_nodes() if s.id == story_id)
        name = story_tree_ui.ask_text(
            self.window,
            "Split story",
            f"Name of the new story for {len(ids)} article(s):",
            f"{story.name} (split)",
        )
        if name and name.strip():
            session.run_story_operation(
                "split story", lambda door: door.split_story(story_id, ids, name.strip())
            )
