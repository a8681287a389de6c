"""`export`: write the training dataset (JSONL, NLI pairs, spaCy DocBin, CSV, label file)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from claimdesk.commands.common import add_json_flag, print_json


class _ExportParser(argparse.ArgumentParser):
    """The `export` parser. Its `--format` choices are the names in the export formats table
    (export/formats.py), added the first time this parser parses or shows help, so that
    registering `export` does not import the writers for every other command."""

    _formats_added = False

    def _add_formats(self) -> None:
        if not self._formats_added:
            from claimdesk.export.formats import NAMES

            self._formats_added = True
            self._format_group.add_argument(
                "--format", "-f", choices=NAMES, required=True, help="what to write"
            )

    def parse_known_args(self, args=None, namespace=None):
        self._add_formats()
        return super().parse_known_args(args, namespace)

    def format_usage(self):
        self._add_formats()
        return super().format_usage()

    def format_help(self):
        self._add_formats()
        return super().format_help()


# splits.UNITS, spelled out (tests/cli/test_startup.py checks that they agree)
UNITS = ("story", "article")


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "export",
        help="write the training dataset and its card",
        description="Write the labelled claims as a dataset, split by story, with a dataset "
        "card (README.md) beside it. jsonl/pairs/csv/labels write a file (or NAME inside an "
        "existing folder); spacy writes train/dev/test.spacy into a folder.",
    )
    p.__class__ = _ExportParser  # --format is added when `export` is parsed (see there)
    p._format_group = p.add_argument_group("format")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="PATH")
    p.add_argument(
        "--gold-only",
        action="store_true",
        help="only claims with an adjudicated or majority (>= 2/3 of >= 2 annotators) label",
    )
    p.add_argument(
        "--by",
        "--only-annotator",
        dest="only_annotator",
        metavar="NAME",
        help="export as if only this annotator had labelled (their claims, labels, links)",
    )
    p.add_argument(
        "--story", nargs="+", default=[], metavar="S", help="only these stories (ids or names)"
    )
    p.add_argument(
        "--min-agreement",
        type=float,
        metavar="X",
        help="only claims labelled by >= 2 annotators whose agreement is at least X (0-1)",
    )
    p.add_argument(
        "--split",
        default="0.8,0.1,0.1",
        metavar="TRAIN,DEV,TEST",
        help="split ratios by story (default 0.8,0.1,0.1)",
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the story split (default 0)")
    p.add_argument(
        "--split-by",
        choices=UNITS,
        default="story",
        help="keep each story (default) or only each article in one split; by article is for "
        "a corpus of fewer than 5 stories, where a split by story can leave train empty",
    )
    p.add_argument(
        "--neutral-pairs",
        type=int,
        default=0,
        metavar="N",
        help="pairs format: add N neutral pairs sampled from unlinked claims of one story",
    )
    p.add_argument("--no-card", action="store_true", help="do not write the dataset card")
    add_json_flag(p)
    p.set_defaults(handler=run_export)


def run_export(args, context) -> int:
    from claimdesk.export import ClaimFilter, ExportRequest, SplitPlan, export_dataset
    from claimdesk.services.atomic_files import is_special_file

    request = ExportRequest(
        format=args.format,
        output=args.output,
        claim_filter=ClaimFilter(
            gold_only=args.gold_only,
            annotator=args.only_annotator,
            stories=tuple(args.story),
            min_agreement=args.min_agreement,
        ),
        plan=SplitPlan.parse(args.split, seed=args.seed, unit=args.split_by),
        neutral_pairs=args.neutral_pairs,
        card=not args.no_card,
    )
    request.check()  # a usage error before the database is opened
    from claimdesk.commands.common import progress_bar

    with progress_bar(total=None, description=f"export {args.format}") as bar:
        bar.unit = "claim"

        def on_progress(done: int, total: int) -> None:
            if total and bar.total != total:
                bar.total = total
            bar.n = done
            bar.refresh()

        result = export_dataset(context.db, request, on_progress=on_progress)
    # the data went to stdout (`-o /dev/stdout`): the summary must not mix with it
    summary = sys.stderr if any(is_special_file(path) for path in result.files) else sys.stdout
    if args.json:
        print_json(result.to_dict(), file=summary)
        return 0
    from claimdesk.export.formats import FORMATS as FORMAT_TABLE

    what = FORMAT_TABLE[args.format].record
    print(
        f"wrote {result.records} {what}(s) to {', '.join(str(p) for p in result.files)}",
        file=summary,
    )
    if result.stats is not None:
        counts = result.stats.to_dict()["by_split"]
        for split, labels in counts.items():
            shown = ", ".join(f"{label} {n}" for label, n in labels.items()) or "empty"
            print(f"  {split}: {shown}", file=summary)
        for note in result.stats.notes:
            print(f"  note: {note}", file=sys.stderr)
    if result.card:
        print(f"dataset card: {result.card}", file=summary)
    return 0
