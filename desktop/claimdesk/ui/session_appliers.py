"""Applying typed change sets to the annotation session's open article: one small applier per
kind of change set, fed with what the worker read back (`services.view_updates.ViewUpdate`).

Used for this window's own actions and for change sets other windows publish on the bus; each
applier updates the records in memory and emits the session's signal naming what changed, so
the widgets repaint just that.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimdesk.services.change_sets import (
    ArticlesChanged,
    ChangeSet,
    StoriesChanged,
    claim_ids_of,
)
from claimdesk.services.view_updates import ViewUpdate

if TYPE_CHECKING:
    from claimdesk.ui.session import AnnotationSession


class SessionAppliers:
    def __init__(self, session: AnnotationSession):
        self.session = session

    def apply(
        self, changes: tuple[ChangeSet, ...], view: ViewUpdate, *, locate: bool, action: str
    ) -> None:
        """locate: an undo or redo, shown where it happened (another article if need be)."""
        session = self.session
        if session.data is not None and not self._relocate(changes, view, locate):
            structural = self.claims(view)
            self.labels(view, structural)
            self.links(view)
            here = claim_ids_of(changes) & {c.id for c in session.data.claims}
            if locate and here and not structural:
                session.select_claim(sorted(here)[0])
        self.progress(view)
        self.stories(changes, action)

    def _relocate(self, changes, view: ViewUpdate, locate: bool) -> bool:
        """An undo or redo of something in another article opens that article at its claim."""
        touched = set(view.where.values())
        if not (locate and touched) or self.session.data.id in touched:
            return False
        first = sorted(claim_ids_of(changes) & set(view.where))[0]
        self.session.open_article(view.where[first], first)
        return True

    def claims(self, view: ViewUpdate) -> bool:
        """ClaimsChanged in the open article: its claims as they are now; the edited (or
        re-activated) claim becomes current, so the next key acts on it."""
        session, data = self.session, self.session.data
        if view.article_claims is None or view.article_id != data.id:
            return False  # read for an article the annotator has left since
        before = {c.id for c in data.claims}
        data.claims = list(view.article_claims)
        ids = [c.id for c in data.claims]
        added = [cid for cid in ids if cid not in before]
        session.structure_changed.emit(data.claims)
        target = added[0] if added else session.current
        if target not in ids:
            target = ids[0] if ids else None
        session.current = None
        session.select_claim(target)
        return True

    def labels(self, view: ViewUpdate, structural: bool) -> None:
        """LabelsChanged: this annotator's label, note and stale mark, here and in the other
        reports (only the rows that really differ are repainted)."""
        session, data = self.session, self.session.data
        position = {c.id: i for i, c in enumerate(data.claims)}
        others = {o.claim.id: o for o in data.others}
        here, there = [], []
        for cid, item in view.labelled.items():
            if cid in position:
                if not structural and data.claims[position[cid]] != item:
                    data.claims[position[cid]] = item
                    here.append(item)
            elif cid in others and others[cid].claim != item:
                others[cid].claim = item
                there.append(item)
        if here:
            session.claims_changed.emit(here)
        if there:
            session.others_changed.emit(there)

    def links(self, view: ViewUpdate) -> None:
        """LinksChanged: this annotator's links of the open article."""
        if view.links is None or view.article_id != self.session.data.id:
            return
        self.session.data.links = dict(view.links)
        self.session.links_changed.emit(self.session.current_links())

    def progress(self, view: ViewUpdate) -> None:
        session = self.session
        for aid, (labelled, total) in view.progress.items():
            session.progress[aid] = (labelled, total)
            session.progress_changed.emit(aid, labelled, total)

    def stories(self, changes, action: str) -> None:
        """StoriesChanged: the story list again, and the open article again only when its
        story is among those that changed (its other reports and stale marks may differ).
        ArticlesChanged (an import): the story list again."""
        if any(isinstance(c, ArticlesChanged) for c in changes):
            self.session.reload_stories()
        changed = [c for c in changes if isinstance(c, StoriesChanged)]
        if not changed:
            return
        session, data = self.session, self.session.data
        session.reload_stories()
        story_ids = {s for c in changed for s in c.story_ids}
        everything = any(not c.story_ids for c in changed)
        if data is not None and (everything or data.story_id in story_ids):
            session.open_article(data.id, session.current)
        session.stories_changed.emit(action)
