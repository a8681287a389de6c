"""`import`, `info`, `articles`, `article`, `claims`."""

from __future__ import annotations

import sys

from sqlalchemy import func, select

from claimdesk.commands.common import (
    CommandFailed,
    add_json_flag,
    print_json,
    progress_bar,
    shorten,
    table,
    warn,
)
from claimdesk.domain.titles import display_title
from claimdesk.errors import printable
from claimdesk.store import queries
from claimdesk.store.models import Adjudication, Article, Claim, LabelRow, LinkRow, Story


def register(subparsers) -> None:
    p = subparsers.add_parser("import", help="import article files or folders")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--story", help="put every imported article into this story")
    p.add_argument(
        "--pipeline",
        choices=["auto", "model", "rules"],
        default="auto",
        help="claim extraction: the spaCy model if installed (auto), or the rule-based one",
    )
    add_json_flag(p)
    p.set_defaults(handler=run_import)

    p = subparsers.add_parser("info", help="what the database holds")
    add_json_flag(p)
    p.set_defaults(handler=run_info)

    p = subparsers.add_parser("articles", help="list articles")
    p.add_argument("--story", help="only this story (id or name)")
    add_json_flag(p)
    p.set_defaults(handler=run_articles)

    p = subparsers.add_parser("article", help="one article in full")
    p.add_argument("article_id", metavar="ID")
    add_json_flag(p)
    p.set_defaults(handler=run_article)

    p = subparsers.add_parser("search", help="articles holding every word of QUERY, best first")
    p.add_argument("query", metavar="QUERY", nargs="+", help="words to look for")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="at most N (default 20)")
    add_json_flag(p)
    p.set_defaults(handler=run_search)

    p = subparsers.add_parser("claims", help="list claims")
    p.add_argument("--article", metavar="ID", help="only the claims of this article")
    add_json_flag(p)
    p.set_defaults(handler=run_claims)


def run_import(args, context) -> int:
    from claimdesk.errors import InputError
    from claimdesk.ingest import iter_paths, read_articles
    from claimdesk.nlp.pipeline import load_pipeline
    from claimdesk.services.importer import import_records

    db = context.db  # open (and fail on a bad URL) before loading spaCy
    total = sum(1 for _ in iter_paths(args.paths))
    if total == 0:  # nothing to import: say why (a missing path...) without loading spaCy
        errors = [item for item in read_articles(args.paths) if isinstance(item, InputError)]
        for error in errors or [
            "no importable files (.txt .md .jsonl .csv .html) in the given paths"
        ]:
            warn(f"claimdesk: error: {error}")
        raise CommandFailed(1)
    pipeline = load_pipeline(args.pipeline)
    with progress_bar(total=None, description="importing") as bar:

        def on_progress(done: int, origin: str) -> None:
            bar.n = done
            bar.set_postfix_str(shorten(origin, 40), refresh=True)

        report = import_records(
            db,
            read_articles(args.paths),
            story=args.story,
            pipeline=pipeline,
            on_progress=on_progress,
        )
    if args.json:
        print_json(report.to_dict())
    else:
        for file, encoding in report.assumed_encodings.items():
            print(f"read {printable(file)} as {encoding} (it is not UTF-8; check its accents)")
        for origin, article_id in report.duplicates:
            print(f"already imported: {printable(origin)} (article {article_id})")
        print(
            f"imported {len(report.added)} article(s) with {report.claims} claim(s) "
            f"using {report.pipeline}; {len(report.duplicates)} already there; "
            f"{len(report.errors)} failed"
        )
        if report.stale_marked:
            print(f"{report.stale_marked} unique label(s) are now stale (new articles joined)")
    for error in report.errors:
        warn(f"claimdesk: error: {error}")
    if report.errors:
        raise CommandFailed(1)
    return 0


def run_info(args, context) -> int:
    db = context.db
    with db.sessions() as s:
        count = lambda model: s.scalar(select(func.count()).select_from(model)) or 0  # noqa: E731
        data = {
            "database": db.url,
            "stories": count(Story),
            "articles": count(Article),
            "claims": s.scalar(select(func.count()).where(Claim.active.is_(True))) or 0,
            "annotators": [
                a.name + (" (lead)" if a.is_lead else "") for a in queries.annotators(s)
            ],
            "labels": count(LabelRow),
            "links": count(LinkRow),
            "adjudications": count(Adjudication),
            "pipelines": sorted(set(s.scalars(select(Claim.pipeline).distinct()))),
        }
    if args.json:
        print_json(data)
    else:
        for key, value in data.items():
            if isinstance(value, list):
                value = ", ".join(value) or "-"
            print(f"{key:>15}: {value}")
    return 0


def _story_filter(session, story: str | None) -> str | None:
    if story is None:
        return None
    for summary in queries.stories(session):
        if story in (summary.id, summary.name):
            return summary.id
    from claimdesk.errors import NotFoundError

    raise NotFoundError(f"no story with id or name {story!r}")


def article_dict(article: Article, story_name: str, claim_count: int) -> dict:
    return {
        "id": article.id,
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "date": article.published,
        "story": story_name,
        "story_id": article.story_id,
        "origin": article.origin,
        "claims": claim_count,
    }


def run_articles(args, context) -> int:
    with context.db.sessions() as s:
        story_id = _story_filter(s, args.story)
        names = {story.id: story.name for story in s.scalars(select(Story))}
        counts = queries.claim_counts(s)
        articles = queries.articles(s, story_id)
        rows = [article_dict(a, names[a.story_id], counts.get(a.id, 0)) for a in articles]
        # the table names an untitled article by its first words, not its file path
        titles = {a.id: display_title(a.title, a.text[:400]) for a in articles}
    if args.json:
        print_json(rows)
    else:
        print(
            table(
                [
                    (
                        r["id"],
                        r["date"],
                        r["claims"],
                        shorten(r["story"], 30),
                        shorten(titles[r["id"]], 50),
                    )
                    for r in rows
                ],
                ("id", "date", "claims", "story", "title"),
            )
        )
    return 0


def run_search(args, context) -> int:
    from claimdesk.store.search import search_articles

    if args.limit < 1:
        from claimdesk.errors import UsageError

        raise UsageError(f"--limit must be 1 or more, not {args.limit}")
    with context.db.sessions() as s:
        hits = search_articles(s, " ".join(args.query), limit=args.limit)
        names = {story.id: story.name for story in s.scalars(select(Story))} if hits else {}
    rows = [
        {
            "article_id": hit.article_id,
            "title": hit.title,
            "story_id": hit.story_id,
            "story": names.get(hit.story_id),
            "snippet": hit.snippet,
            "rank": hit.rank,
        }
        for hit in hits
    ]
    if args.json:
        print_json(rows)
    elif not rows:
        print("no article holds every word")
    else:
        for row in rows:
            print(f"{row['article_id']}  {shorten(row['title'] or '', 60)}")
            print(f"    {shorten(row['snippet'], 100)}")
    return 0


def claim_dict(claim: Claim) -> dict:
    return {
        "id": claim.id,
        "article_id": claim.article_id,
        "start": claim.start,
        "end": claim.end,
        "text": claim.text,
        "reasons": list(claim.reasons),
        "speaker": claim.speaker,
        "pipeline": claim.pipeline,
    }


def run_article(args, context) -> int:
    with context.db.sessions() as s:
        article = queries.get_article(s, args.article_id)
        story = s.get(Story, article.story_id)
        claims = queries.claims_of(s, article.id)
        data = article_dict(article, story.name, len(claims))
        data.update(text=article.text, metadata=article.meta, raw_sha256=article.raw_sha256)
    if args.json:
        print_json(data)
    else:
        for key in ("id", "title", "source", "url", "date", "story", "origin", "claims"):
            print(f"{key:>8}: {data[key] if data[key] is not None else '-'}")
        print()
        sys.stdout.write(data["text"] + "\n")
    return 0


def run_claims(args, context) -> int:
    with context.db.sessions() as s:
        if args.article:
            article = queries.get_article(s, args.article)
            claims = queries.claims_of(s, article.id)
        else:
            claims = queries.all_claims(s)
        rows = [claim_dict(c) for c in claims]
    if args.json:
        print_json(rows)
    else:
        print(
            table(
                [
                    (
                        r["id"],
                        r["article_id"],
                        ",".join(r["reasons"]),
                        r["speaker"],
                        shorten(r["text"], 60),
                    )
                    for r in rows
                ],
                ("id", "article", "reasons", "speaker", "text"),
            )
        )
    return 0
