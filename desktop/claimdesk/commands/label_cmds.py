"""`label`, `labels import`, `labels export`, `merge`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from claimdesk.commands.common import CommandFailed, add_json_flag, print_json, warn

if TYPE_CHECKING:  # the handlers import what they use: registration stays cheap
    from claimdesk.services import labels_io


def register(subparsers) -> None:
    p = subparsers.add_parser("label", help="label one claim")
    p.add_argument("claim_id", metavar="CLAIM_ID")
    p.add_argument(
        "label", metavar="LABEL", help="corroborated, contradicted, unique or not_a_claim"
    )
    p.add_argument("--note", help="a note for the lead")
    add_json_flag(p)
    p.set_defaults(handler=run_label)

    labels = subparsers.add_parser("labels", help="import or export a label file (JSON Lines)")
    sub = labels.add_subparsers(dest="labels_command", metavar="ACTION", required=True)
    p = sub.add_parser("import", help="bring in labels, links and notes by stable id")
    p.add_argument("file", metavar="FILE.jsonl", type=Path)
    add_json_flag(p)
    p.set_defaults(handler=run_labels_import)
    p = sub.add_parser("export", help="write every label, link and adjudication")
    p.add_argument("file", metavar="FILE.jsonl", type=Path)
    p.add_argument(
        "--only-annotator", metavar="NAME", help="only this annotator's labels and links"
    )
    add_json_flag(p)
    p.set_defaults(handler=run_labels_export)

    p = subparsers.add_parser("merge", help="merge another annotator's database into this one")
    p.add_argument("other", metavar="OTHER", help="SQLite file or URL of the other database")
    add_json_flag(p)
    p.set_defaults(handler=run_merge)


def run_label(args, context) -> int:
    result = context.app(context.annotator()).annotation.label(
        args.claim_id, args.label, note=args.note
    )
    # not a claim takes this annotator's links from the claim: say which went
    unlinked = list(result.detail or ())
    if args.json:
        print_json(
            {
                "claim_id": args.claim_id,
                "label": args.label,
                "changed": result.did_something,
                "unlinked": unlinked,
            }
        )
    else:
        state = "saved" if result.did_something else "unchanged (already so)"
        gone = f"; links to {', '.join(unlinked)} removed" if unlinked else ""
        print(f"{args.claim_id}: {args.label} — {state}{gone}")
    return 0


def _print_merge(report: labels_io.MergeReport, as_json: bool, what: str) -> None:
    if as_json:
        print_json(report.to_dict())
        return
    if report.copied_articles or report.copied_claims:
        print(f"copied {report.copied_articles} article(s) and {report.copied_claims} claim(s)")
    print(
        f"{what}: {report.new} new, {report.identical} identical, "
        f"{len(report.clashes)} clash(es), {len(report.errors)} failed"
    )
    for clash in report.clashes:
        print(f"  clash: {clash}")


def _fail_on_errors(report: labels_io.MergeReport) -> int:
    for error in report.errors:
        warn(f"claimdesk: error: {error}")
    if report.errors:
        raise CommandFailed(1)
    return 0


def run_labels_import(args, context) -> int:
    report = context.app(context.annotator(required=False)).label_files.import_file(args.file)
    _print_merge(report, args.json, f"labels from {args.file}")
    return _fail_on_errors(report)


def run_labels_export(args, context) -> int:
    from claimdesk.services.atomic_files import is_special_file

    count = context.app().label_files.export_file(args.file, only_annotator=args.only_annotator)
    # the records went to stdout (`/dev/stdout`): the summary must not mix with them
    summary = sys.stderr if is_special_file(args.file) else sys.stdout
    if args.json:
        print_json({"file": str(args.file), "records": count}, file=summary)
    else:
        print(f"wrote {count} record(s) to {args.file}", file=summary)
    return 0


def run_merge(args, context) -> int:
    files = context.app(context.annotator(required=False)).label_files
    report, source = files.merge_database(args.other)  # opened read-only
    _print_merge(report, args.json, f"merged {source}")  # its password hidden
    return _fail_on_errors(report)
