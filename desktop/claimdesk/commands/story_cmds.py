"""`stories`, `story move|merge|split|regroup`, `candidates`, `stale`, `suggestions on|off`."""

from __future__ import annotations

import argparse

from sqlalchemy import select

from claimdesk.commands.common import add_json_flag, print_json, shorten, table
from claimdesk.store import queries
from claimdesk.store.models import Article, Claim


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return number


def register(subparsers) -> None:
    p = subparsers.add_parser("stories", help="stories with their article ids")
    add_json_flag(p)
    p.set_defaults(handler=run_stories)

    story = subparsers.add_parser("story", help="move an article, merge or split stories")
    sub = story.add_subparsers(dest="story_command", metavar="ACTION", required=True)
    p = sub.add_parser("move", help="move an article to a story (created if new)")
    p.add_argument("article_id", metavar="ARTICLE_ID")
    p.add_argument("story", metavar="STORY", help="story id or name")
    add_json_flag(p)
    p.set_defaults(handler=run_move)
    p = sub.add_parser("merge", help="merge stories into the first one")
    p.add_argument("stories", nargs="+", metavar="STORY")
    add_json_flag(p)
    p.set_defaults(handler=run_merge)
    p = sub.add_parser("split", help="move some articles of a story into a new story")
    p.add_argument("story", metavar="STORY")
    p.add_argument("article_ids", nargs="+", metavar="ARTICLE_ID")
    p.add_argument("--name", required=True, help="name of the new story")
    add_json_flag(p)
    p.set_defaults(handler=run_split)
    p = sub.add_parser("regroup", help="group articles that no annotator placed by hand")
    add_json_flag(p)
    p.set_defaults(handler=run_regroup)

    p = subparsers.add_parser("candidates", help="ranked candidates with reasons and hints")
    p.add_argument("--claim", metavar="ID", help="only this claim (default: every claim)")
    p.add_argument("--top", type=positive_int, default=3, metavar="K")
    add_json_flag(p)
    p.set_defaults(handler=run_candidates)

    p = subparsers.add_parser("stale", help="unique labels to look at again")
    add_json_flag(p)
    p.set_defaults(handler=run_stale)

    p = subparsers.add_parser(
        "suggestions", help="turn suggested labels on or off for this database (lead)"
    )
    p.add_argument("state", choices=["on", "off", "status"])
    p.set_defaults(handler=run_suggestions)


def run_stories(args, context) -> int:
    with context.db.sessions() as session:
        rows = [
            {"id": s.id, "name": s.name, "manual": s.manual, "articles": list(s.article_ids)}
            for s in queries.stories(session)
        ]
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            mark = " (set by hand)" if row["manual"] else ""
            print(f"{row['id']}  {row['name']}{mark}")
            for article_id in row["articles"]:
                print(f"    {article_id}")
    return 0


def _say(args, data: dict, text: str) -> None:
    if args.json:
        print_json(data)
    else:
        print(text)


def run_move(args, context) -> int:
    from claimdesk.services import stories as story_service

    target = story_service.move_article(
        context.db, context.annotator(required=False), args.article_id, args.story
    )
    _say(
        args,
        {"article_id": args.article_id, "story_id": target},
        f"moved {args.article_id} to story {target}",
    )
    return 0


def run_merge(args, context) -> int:
    from claimdesk.services import stories as story_service

    target = story_service.merge_stories(
        context.db, context.annotator(required=False), args.stories
    )
    _say(args, {"story_id": target, "merged": args.stories}, f"merged into story {target}")
    return 0


def run_split(args, context) -> int:
    from claimdesk.services import stories as story_service

    target = story_service.split_story(
        context.db, context.annotator(required=False), args.story, args.article_ids, args.name
    )
    _say(
        args,
        {"story_id": target, "article_ids": args.article_ids},
        f"split {len(args.article_ids)} article(s) into story {target}",
    )
    return 0


def run_regroup(args, context) -> int:
    from claimdesk.services import stories as story_service

    report = story_service.regroup_unsorted(context.db)
    if args.json:
        print_json(
            {
                "moved": report.moved,
                "stories_created": report.stories_created,
                "stale_marked": report.stale_marked,
            }
        )
        return 0
    print(
        f"moved {report.moved} article(s), created {report.stories_created} story(ies), "
        f"{report.stale_marked} unique label(s) now stale"
    )
    return 0


def _hint_dict(hint) -> dict:
    return {
        "kind": hint.kind,
        "value_a": hint.value_a,
        "value_b": hint.value_b,
        "description": hint.description,
        "slot": hint.slot,  # what the values are of, for numbers ("killed", "duration")
    }


def _candidate_dict(c) -> dict:
    return {
        "claim_id": c.claim_id,
        "article_id": c.article_id,
        "text": c.text,
        "score": round(c.score, 4),
        "reason": c.reason,
        "shared_terms": list(c.shared_terms),
        "hints": [_hint_dict(h) for h in c.hints],
    }


def run_candidates(args, context) -> int:
    from claimdesk.services import candidates as candidate_service

    service = candidate_service.CandidateService()
    with context.db.sessions() as session:
        if args.claim:
            claim_ids = [queries.get_claim(session, args.claim).id]
        else:
            claim_ids = list(
                session.scalars(
                    select(Claim.id)
                    .join(Article)
                    .where(Claim.active.is_(True))
                    .order_by(Article.position, Claim.start)
                )
            )
        rows = []
        for claim_id in claim_ids:
            ranked = service.rank(session, claim_id, top_k=args.top)
            by_article = service.rank_by_article(session, claim_id, per_article=args.top)
            suggestion = service.suggest(session, claim_id)
            rows.append(
                {
                    "claim_id": claim_id,
                    "text": queries.get_claim(session, claim_id).text,
                    "suggestion": None
                    if suggestion is None
                    else {
                        "label": suggestion.label,
                        "confidence": round(suggestion.confidence, 3),
                        "because": suggestion.because,
                    },
                    # Each other article's best claim first, then the rest, best first.
                    "candidates": [_candidate_dict(c) for c in ranked],
                    # For each other article of the story (best first), its best claims.
                    "by_article": [
                        {
                            "article_id": article_id,
                            "article_title": found[0].article_title,
                            "candidates": [_candidate_dict(c) for c in found],
                        }
                        for article_id, found in by_article
                    ],
                }
            )
    if args.json:
        print_json(rows)
        return 0
    for row in rows:
        suggestion = row["suggestion"]
        said = (
            f"  → suggests {suggestion['label']} ({suggestion['confidence']:.2f})"
            if suggestion
            else ""
        )
        print(f"{row['claim_id']}  {shorten(row['text'], 90)}{said}")
        for c in row["candidates"]:
            hints = "; ".join(h["description"] for h in c["hints"])
            print(f"    {c['score']:.2f}  {c['claim_id']}  {shorten(c['text'], 70)}")
            print(f"          {c['reason']}" + (f"  ⚠ {hints}" if hints else ""))
    return 0


def run_stale(args, context) -> int:
    from claimdesk.services import stories as story_service

    with context.db.sessions() as session:
        rows = []
        for label in story_service.stale_labels(session):
            claim = queries.get_claim(session, label.claim_id)
            rows.append(
                {
                    "claim_id": label.claim_id,
                    "annotator": label.annotator,
                    "label": label.label,
                    "article_id": claim.article_id,
                    "text": claim.text,
                }
            )
    if args.json:
        print_json(rows)
    else:
        print(
            table(
                [(r["claim_id"], r["annotator"], r["label"], shorten(r["text"], 60)) for r in rows],
                ("claim", "annotator", "label", "text"),
            )
        )
    return 0


def run_suggestions(args, context) -> int:
    from claimdesk.services import candidates as candidate_service

    if args.state == "status":
        with context.db.sessions() as session:
            enabled = candidate_service.suggestions_enabled(session)
    else:
        enabled = args.state == "on"
        with context.db.transaction() as session:
            candidate_service.set_suggestions_enabled(session, enabled)
    print(f"suggested labels are {'on' if enabled else 'off'} for this database")
    return 0
