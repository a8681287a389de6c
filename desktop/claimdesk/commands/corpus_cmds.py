"""`import`, `info`, `articles`, `article`, `claims`."""

from __future__ import annotations

import sys

from claimdesk.commands.common import (
    CommandFailed,
    add_json_flag,
    print_json,
    progress_bar,
    shorten,
    table,
    warn,
)
from claimdesk.errors import printable


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
    app = context.app()  # opens (and fails on a bad URL) before spaCy loads
    problems = app.corpus.nothing_importable(args.paths)
    if problems:  # nothing to import: say why (a missing path...) without loading spaCy
        for problem in problems:
            warn(f"claimdesk: error: {problem}")
        raise CommandFailed(1)
    with progress_bar(total=None, description="importing") as bar:

        def on_progress(done: int, origin: str) -> None:
            bar.n = done
            bar.set_postfix_str(shorten(origin, 40), refresh=True)

        report = app.corpus.import_paths(
            args.paths, story=args.story, pipeline=args.pipeline, on_progress=on_progress
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
    data = context.app().corpus.info()
    if args.json:
        print_json(data)
    else:
        for key, value in data.items():
            if isinstance(value, list):
                value = ", ".join(value) or "-"
            print(f"{key:>15}: {value}")
    return 0


def run_articles(args, context) -> int:
    articles = context.app().corpus.articles(args.story)
    if args.json:
        print_json([a.to_dict() for a in articles])
    else:
        print(
            table(
                [
                    (a.id, a.date, a.claims, shorten(a.story, 30), shorten(a.display_title, 50))
                    for a in articles
                ],
                ("id", "date", "claims", "story", "title"),
            )
        )
    return 0


def run_search(args, context) -> int:
    hits = context.app().corpus.search(" ".join(args.query), args.limit)
    if args.json:
        print_json([hit.to_dict() for hit in hits])
    elif not hits:
        print("no article holds every word")
    else:
        for hit in hits:
            print(f"{hit.article_id}  {shorten(hit.title or '', 60)}")
            print(f"    {shorten(hit.snippet, 100)}")
    return 0


def run_article(args, context) -> int:
    data = context.app().corpus.article(args.article_id).to_dict()
    if args.json:
        print_json(data)
    else:
        for key in ("id", "title", "source", "url", "date", "story", "origin", "claims"):
            print(f"{key:>8}: {data[key] if data[key] is not None else '-'}")
        print()
        sys.stdout.write(data["text"] + "\n")
    return 0


def run_claims(args, context) -> int:
    rows = [c.to_dict() for c in context.app().corpus.claims(args.article)]
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
