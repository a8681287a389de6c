"""Import: read files, extract claims, store articles — file errors are reported, the rest goes on.

The one import path: the command line (through `App.corpus`) and the window's import dialog
both call `import_paths`, which reads the files, loads the pipeline and stores the articles.

Articles are extracted in batches through `nlp.pipe` and each batch is stored in one
transaction, so a crash loses at most the batch in flight and never a stored article.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from claimdesk.domain.ids import story_id
from claimdesk.domain.records import ArticleRecord
from claimdesk.errors import InputError
from claimdesk.store import corpus
from claimdesk.store import story_moves as story_rows

if TYPE_CHECKING:
    from claimdesk.nlp.pipeline import ClaimPipeline
    from claimdesk.store.engine import Database

BATCH_SIZE = 32

ProgressCallback = Callable[[int, str], None]  # (articles handled so far, current origin)


@dataclass
class ImportReport:
    added: list[corpus.AddedArticle] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (origin, article id)
    errors: list[InputError] = field(default_factory=list)
    cancelled: bool = False
    pipeline: str = ""
    stale_marked: int = 0  # unique labels made stale because new articles joined their story
    assumed_encodings: dict[str, str] = field(default_factory=dict)  # file -> guessed encoding

    @property
    def claims(self) -> int:
        return sum(item.claims for item in self.added)

    def change_sets(self) -> tuple:
        """What the import changed, for the windows: the new articles and, since placing them
        and marking stale uniques may touch any story, every story (an empty StoriesChanged)."""
        from claimdesk.services.change_sets import ArticlesChanged, StoriesChanged

        if not self.added and not self.stale_marked:
            return ()
        added = frozenset(item.article_id for item in self.added)
        return (ArticlesChanged(added), StoriesChanged())

    def to_dict(self) -> dict:
        return {
            "added": [
                {"article_id": a.article_id, "story_id": a.story_id, "claims": a.claims}
                for a in self.added
            ],
            "duplicates": [{"origin": o, "article_id": a} for o, a in self.duplicates],
            "errors": [{"place": e.place, "problem": e.problem} for e in self.errors],
            "claims": self.claims,
            "stale_marked": self.stale_marked,
            "cancelled": self.cancelled,
            "pipeline": self.pipeline,
            "assumed_encodings": self.assumed_encodings,
        }


def _batches(items: Iterable, size: int):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def import_records(
    db: Database,
    items: Iterable[ArticleRecord | InputError],
    *,
    story: str | None = None,
    pipeline: ClaimPipeline | str | None = None,
    on_progress: ProgressCallback | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> ImportReport:
    """`pipeline`: a loaded pipeline, or the choice of one ("auto", "model", "rules"; None is
    "auto"); a "model" that is not installed is the catalogue's PipelineUnavailable."""
    if pipeline is None or isinstance(pipeline, str):
        from claimdesk.nlp.pipeline import load_pipeline  # spaCy is loaded only when importing

        pipeline = load_pipeline(pipeline or "auto")
    report = ImportReport(pipeline=pipeline.name)
    handled = 0
    for batch in _batches(items, BATCH_SIZE):
        if is_cancelled and is_cancelled():
            report.cancelled = True
            break
        records: list[ArticleRecord] = []
        for item in batch:
            if isinstance(item, InputError):
                report.errors.append(item)
            else:
                records.append(item)
                if item.assumed_encoding:
                    report.assumed_encodings.setdefault(*item.assumed_encoding)
        fresh = _drop_known(db, records, report)
        extracted = list(pipeline.extract([r.text for r in fresh])) if fresh else []
        with db.transaction() as session:
            touched_stories: dict[str, corpus.AddedArticle] = {}
            position = corpus.next_position(session)
            for record, spans in zip(fresh, extracted, strict=True):
                added = corpus.add_article(
                    session, record, spans, story_name=story, mark_stale=False, position=position
                )
                if added.created:
                    position += 1
                    report.added.append(added)
                    touched_stories.setdefault(added.story_id, added)
                else:  # the same text twice in one batch
                    report.duplicates.append((record.origin, added.article_id))
            # once per story per batch: the batch's own articles carry no labels yet
            for story_id in touched_stories:
                report.stale_marked += corpus.mark_uniques_stale(session, story_id)
        handled += len(batch)
        if on_progress:
            on_progress(
                handled,
                batch[-1].origin if isinstance(batch[-1], ArticleRecord) else batch[-1].place,
            )
    _group_unsorted(db, report)
    return report


def _group_unsorted(db: Database, report: ImportReport) -> None:
    """Articles that came without a story are placed into stories right away, whoever
    imported them (the command line or the window): incrementally, among the stored articles
    near them, never by regrouping the whole database.

    The test is on the database, not on this import's articles: an import killed before its
    grouping leaves articles in "Unsorted", and running it again (every article "already
    there") must finish the grouping."""
    unsorted = story_id(corpus.UNSORTED_STORY)
    with db.sessions() as session:
        loose = story_rows.loose_article_ids(session, unsorted)
    if not loose:
        return
    from claimdesk.services.stories import place_new_articles

    report.stale_marked += place_new_articles(db, loose).stale_marked


def _drop_known(db: Database, records: Sequence[ArticleRecord], report: ImportReport):
    fresh = []
    with db.sessions() as session:
        for record in records:
            known = corpus.article_exists(session, record.text)
            if known:
                report.duplicates.append((record.origin, known))
            else:
                fresh.append(record)
    return fresh


def import_paths(
    db: Database,
    paths: Sequence[str | Path],
    *,
    story: str | None = None,
    pipeline: ClaimPipeline | str | None = None,
    on_progress: ProgressCallback | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> ImportReport:
    from claimdesk.ingest import read_articles

    return import_records(
        db,
        read_articles([Path(p) for p in paths]),
        story=story,
        pipeline=pipeline,
        on_progress=on_progress,
        is_cancelled=is_cancelled,
    )


def unimportable(paths: Sequence[str | Path]) -> list[str]:
    """Why nothing in `paths` can be imported (each missing path, each folder without article
    files), or [] when some file can be: checked before the pipeline (spaCy) loads."""
    from claimdesk.ingest import iter_paths, read_articles

    if any(True for _ in iter_paths(paths)):
        return []
    errors = [str(item) for item in read_articles(paths) if isinstance(item, InputError)]
    return errors or ["no importable files (.txt .md .jsonl .csv .html) in the given paths"]
