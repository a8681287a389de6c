"""`stories`, `story move|merge|split|regroup`, `candidates`, `stale`, `suggestions on|off`."""

from __future__ import annotations

import argparse

from claimdesk.commands.common import add_json_flag, print_json, shorten, table


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
    p.add_argument(
        "--top",
        type=positive_int,
        default=3,
        metavar="K",
        help="best claims of each other article (and of the whole story, in --json's "
        "'candidates'); default 3",
    )
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
    rows = [story.to_dict() for story in context.app().stories.stories()]
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


def _stories(context):
    return context.app(context.annotator(required=False)).stories


def run_move(args, context) -> int:
    outcome = _stories(context).move_article(args.article_id, args.story)
    _say(args, {"article_id": args.article_id, "story_id": outcome.detail}, outcome.message)
    return 0


def run_merge(args, context) -> int:
    outcome = _stories(context).merge(args.stories)
    _say(args, {"story_id": outcome.detail, "merged": args.stories}, outcome.message)
    return 0


def run_split(args, context) -> int:
    outcome = _stories(context).split(args.story, args.article_ids, args.name)
    _say(args, {"story_id": outcome.detail, "article_ids": args.article_ids}, outcome.message)
    return 0


def run_regroup(args, context) -> int:
    outcome = context.app().stories.regroup()
    report = outcome.detail
    _say(
        args,
        {
            "moved": report.moved,
            "stories_created": report.stories_created,
            "stale_marked": report.stale_marked,
        },
        outcome.message,
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


def _candidates_row(found) -> dict:
    suggestion = found.suggestion
    return {
        "claim_id": found.claim_id,
        "text": found.text,
        "suggestion": None
        if suggestion is None
        else {
            "label": suggestion.label,
            "confidence": round(suggestion.confidence, 3),
            "because": suggestion.because,
        },
        # Each other article's best claim first, then the rest, best first.
        "candidates": [_candidate_dict(c) for c in found.ranked],
        # For each other article of the story (best first), its best claims.
        "by_article": [
            {
                "article_id": article_id,
                "article_title": best[0].article_title,
                "candidates": [_candidate_dict(c) for c in best],
            }
            for article_id, best in found.by_article
        ],
    }


def run_candidates(args, context) -> int:
    rows = [_candidates_row(f) for f in context.app().stories.candidates(args.claim, args.top)]
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
        # Every other article of the story with its best claims, as the other-reports panel
        # shows them: a fact five outlets report shows its four counterparts.
        for group in row["by_article"]:
            title = shorten(group["article_title"], 80) if group["article_title"] else "untitled"
            print(f"  {title}  ({group['article_id']})")
            for c in group["candidates"]:
                hints = "; ".join(h["description"] for h in c["hints"])
                print(f"    {c['score']:.2f}  {c['claim_id']}  {shorten(c['text'], 70)}")
                print(f"          {c['reason']}" + (f"  ⚠ {hints}" if hints else ""))
    return 0


def run_stale(args, context) -> int:
    rows = [label.to_dict() for label in context.app().stories.stale()]
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
    if args.state == "status":
        enabled = context.app().stories.suggestions_enabled()
    else:
        enabled = args.state == "on"
        context.app(context.annotator(required=False)).stories.set_suggestions(enabled)
    print(f"suggested labels are {'on' if enabled else 'off'} for this database")
    return 0
