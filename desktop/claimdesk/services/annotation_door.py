"""The annotation area of the application facade (`App.annotation`): one method per action of
the labelling window, each one committed transaction returning an `Outcome` whose changes are
typed change sets, and one method per screen read, returning plain records.

The window calls these on its background worker only. The event log's raw rows are decoded
here (through `change_sets.from_log`), never above: what a window needs to repaint is named
by the change sets, and `view_update` reads it back as records.
"""

from __future__ import annotations

from dataclasses import replace

from claimdesk.domain.labels import Label, LinkKind
from claimdesk.services import screen_reads, view_updates
from claimdesk.services import spans as span_actions
from claimdesk.services import stories as story_actions
from claimdesk.services.action_words import describe_action
from claimdesk.services.change_sets import (
    ChangeSet,
    ClaimsChanged,
    SettingsChanged,
    StoriesChanged,
    from_log,
)
from claimdesk.services.outcome import Outcome
from claimdesk.services.screen_records import ArticleData, SearchHit, StoryNode
from claimdesk.services.workspace import ActionResult, Workspace
from claimdesk.store.engine import Database

SUGGESTIONS_KEY = "suggestions_enabled"


class AnnotationDoor:
    """One annotator's labelling: their labels, notes, links, span edits, undo and redo."""

    def __init__(self, db: Database, annotator: str | None):
        self.db = db
        self.annotator = annotator
        self._workspace: Workspace | None = None

    @property
    def workspace(self) -> Workspace:
        """Made on first use (it records the annotator: a write, so never on the GUI thread)."""
        if self._workspace is None:
            self._workspace = Workspace(self.db, self.annotator)
        return self._workspace

    # ---- actions ---------------------------------------------------------------------------

    def _outcome(self, result: ActionResult | None, action: str, **extra) -> Outcome:
        if result is None:
            return Outcome(action)
        return Outcome(result.action, self._resolved(from_log(result.changes)), **extra)

    def _resolved(self, changes: tuple[ChangeSet, ...]) -> tuple[ChangeSet, ...]:
        """ClaimsChanged names the articles of every claim, retired ones too (the log holds
        the article only for new claims)."""
        out = []
        for change in changes:
            if isinstance(change, ClaimsChanged):
                where = screen_reads.articles_of_claims(self.db, change.claim_ids)
                change = replace(change, article_ids=change.article_ids | set(where.values()))
            out.append(change)
        return tuple(out)

    def begin(self) -> None:
        """Start labelling: the annotator exists from now on (the window reads its stories
        lazily through `App.navigator`)."""
        _ = self.workspace

    def open(self) -> list[StoryNode]:
        """Start labelling: the annotator exists from now on; the stories to show."""
        _ = self.workspace
        return self.stories()

    def label(self, claim_id: str, label: Label | str, note: str | None = None) -> Outcome:
        """`detail`: the claims whose links to this one went with it (labelled not a claim)."""
        result = self.workspace.label(claim_id, label, note=note)
        unlinked = tuple(
            change.key[2] if change.key[1] == claim_id else change.key[1]
            for change in result.changes
            if change.entity == "link" and change.after is None
        )
        return self._outcome(result, "label", detail=unlinked)

    def clear_label(self, claim_id: str) -> Outcome:
        return self._outcome(self.workspace.clear_label(claim_id), "clear_label")

    def set_note(self, claim_id: str, note: str) -> Outcome:
        return self._outcome(self.workspace.set_note(claim_id, note), "note")

    def link(self, claim_x: str, claim_y: str, kind: LinkKind | str) -> Outcome:
        """Linking also labels both claims (resources/guidelines.md); `detail` names those
        labels as (claim id, label) so the window can say so."""
        result = self.workspace.link(claim_x, claim_y, kind)
        implied = tuple(
            (change.key[0], change.after["label"])
            for change in result.changes
            if change.entity == "label" and change.after and change.after.get("label")
        )
        return self._outcome(result, "link", detail=implied)

    def unlink(self, claim_x: str, claim_y: str) -> Outcome:
        return self._outcome(self.workspace.unlink(claim_x, claim_y), "unlink")

    def undo(self) -> Outcome:
        return self._replayed(self.workspace.undo(), "undo")

    def redo(self) -> Outcome:
        return self._replayed(self.workspace.redo(), "redo")

    def _replayed(self, result: ActionResult | None, which: str) -> Outcome:
        """`message`: what was taken back or put back, in words ("label unique")."""
        if result is None:
            return Outcome(which)
        action = result.action.partition(" ")[2]
        words = describe_action(action, result.changes, which == "undo")
        return self._outcome(result, which, message=words)

    def resize(self, claim_id: str, how: str) -> Outcome:
        return self._outcome(span_actions.resize(self.workspace, claim_id, how), "resize")

    def split(self, claim_id: str, offset: int) -> Outcome:
        return self._outcome(span_actions.split(self.workspace, claim_id, offset), "split")

    def merge_next(self, claim_id: str) -> Outcome:
        return self._outcome(span_actions.merge_next(self.workspace, claim_id), "merge")

    def add_claim(self, article_id: str, start: int, end: int) -> Outcome:
        return self._outcome(span_actions.add(self.workspace, article_id, start, end), "add_claim")

    # ---- story operations (recorded under this annotator, so Ctrl+Z undoes them) -----------

    def move_article(self, article_id: str, story: str) -> Outcome:
        before = view_updates.stories_of_articles(self.db, [article_id])
        target = story_actions.move_article(self.db, self.annotator, article_id, story)
        return _stories_outcome("move article", {*before.values(), target})

    def merge_stories(self, story_ids: list[str]) -> Outcome:
        target = story_actions.merge_stories(self.db, self.annotator, story_ids)
        return _stories_outcome("merge stories", {*story_ids, target})

    def split_story(self, story_id: str, article_ids: list[str], name: str) -> Outcome:
        target = story_actions.split_story(self.db, self.annotator, story_id, article_ids, name)
        return _stories_outcome("split story", {story_id, target})

    def set_suggestions(self, enabled: bool) -> Outcome:
        """A lead's setting for everyone who labels in this database."""
        from claimdesk.services.candidates import set_suggestions_enabled

        with self.db.transaction() as session:
            set_suggestions_enabled(session, enabled)
        state = "on" if enabled else "off"
        return Outcome(
            "suggestions setting",
            (SettingsChanged(frozenset({SUGGESTIONS_KEY})),),
            message=f"Suggestions are {state} for this database.",
            detail=enabled,
        )

    # ---- reads -----------------------------------------------------------------------------

    def stories(self) -> list[StoryNode]:
        return screen_reads.load_stories(self.db, self.annotator)

    def article(self, article_id: str) -> ArticleData:
        return screen_reads.load_article(self.db, self.annotator, article_id)

    def search(self, needle: str) -> list[SearchHit]:
        return screen_reads.search_corpus(self.db, needle)

    def rank(self, data: ArticleData, claim_id: str, top_k: int, *, suggest: bool):
        """(ranked other reports or None, suggestion or None) for one claim."""
        return screen_reads.rank_with_suggestion(self.db, data, claim_id, top_k, suggest=suggest)

    def role(self) -> tuple[bool, bool]:
        """(is this annotator a lead, are suggestions on in this database)."""
        from claimdesk.services import annotators
        from claimdesk.services.candidates import suggestions_enabled

        with self.db.sessions() as session:
            enabled = suggestions_enabled(session)
        return annotators.is_lead(self.db, self.annotator), enabled

    def annotators(self):
        """Every annotator with what they did, for the switch-annotator dialog."""
        from claimdesk.services import annotators

        return annotators.list_annotators(self.db)

    def view_update(self, changes, article_id: str | None) -> view_updates.ViewUpdate:
        """What the window must repaint for these change sets, read back as records."""
        return view_updates.read(self.db, self.annotator, changes, article_id)

    def count_articles(self) -> int:
        return screen_reads.count_articles(self.db)


def _stories_outcome(action: str, story_ids) -> Outcome:
    return Outcome(action, (StoriesChanged(frozenset(s for s in story_ids if s)),))
