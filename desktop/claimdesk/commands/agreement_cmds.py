"""`agreement`, `disagreements`, `adjudicate`: the lead's view of several annotators' work."""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimdesk.commands.common import add_json_flag, print_json, shorten, table

# Registration is argument definitions only; the agreement code (numpy, krippendorff) is
# imported by the handlers that use it, so other commands start without it.
if TYPE_CHECKING:
    from claimdesk.agreement import Report
    from claimdesk.agreement.reliability import LabelFigures
    from claimdesk.services import review


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "agreement",
        help="how far annotators agree: alpha, Fleiss, pairwise Cohen, links, against gold",
    )
    p.add_argument("--story", help="only this story (id or name)")
    add_json_flag(p)
    p.set_defaults(handler=run_agreement)

    p = subparsers.add_parser(
        "disagreements", help="claims where annotators differ in label or links (not adjudicated)"
    )
    p.add_argument("--story", help="only this story (id or name)")
    p.add_argument("--by", dest="involving", metavar="NAME", help="only where NAME differs")
    p.add_argument(
        "--labels", metavar="L1,L2", help="only claims given both labels, e.g. unique,corroborated"
    )
    p.add_argument("--all", action="store_true", help="include claims already adjudicated")
    add_json_flag(p)
    p.set_defaults(handler=run_disagreements)

    p = subparsers.add_parser(
        "adjudicate",
        help="set the gold label of a claim (--annotator must be a lead: `annotators lead NAME`)",
    )
    p.add_argument("claim_id", metavar="CLAIM_ID")
    p.add_argument(
        "label", metavar="LABEL", help="corroborated, contradicted, unique or not_a_claim"
    )
    p.add_argument("--note", help="why (kept with the gold label)")
    add_json_flag(p)
    p.set_defaults(handler=run_adjudicate)


# --- agreement -------------------------------------------------------------------------------


def run_agreement(args, context) -> int:
    report, data = context.app().review.agreement(args.story)
    if args.json:
        print_json(agreement_json(report, data, args.story))
    else:
        print(agreement_text(report, data))
    return 0


def agreement_json(report: Report, data: review.AgreementInput, story: str | None) -> dict:
    result = report.to_dict()
    for entry in result["stories"]:
        entry["name"] = data.story_names.get(entry["story"], entry["story"])
    result["story_filter"] = story
    return result


def _label_lines(figures: LabelFigures, indent: str = "  ") -> list[str]:
    from claimdesk.services.figures import figure

    rows = [
        ("Krippendorff's alpha", figure(figures.alpha)),
        ("Fleiss' kappa", figure(figures.fleiss_kappa)),
        ("observed agreement", figure(figures.observed_agreement)),
    ]
    rows += [
        (f"agreement on {label}", figure(share))
        for label, share in figures.specific_agreement.items()
    ]
    width = max(len(name) for name, _ in rows)
    return [f"{indent}{name.ljust(width)}  {value}" for name, value in rows]


def confusion_text(labels, matrix, rows_name: str, columns_name: str, indent: str = "    ") -> str:
    """A small count table: rows are `rows_name`'s labels, columns `columns_name`'s."""
    from claimdesk.services.figures import abbreviate

    corner = f"{rows_name} \\ {columns_name}"
    names = [abbreviate(label) for label in labels]
    width = max([len(name) for name in names] + [len(str(n)) for row in matrix for n in row])
    first = max(len(corner), *(len(name) for name in names))
    lines = [corner.ljust(first) + "".join(f"  {name:>{width}}" for name in names)]
    for name, row in zip(names, matrix, strict=True):
        lines.append(name.ljust(first) + "".join(f"  {count:>{width}}" for count in row))
    return "\n".join(indent + line for line in lines)


def agreement_text(report: Report, data: review.AgreementInput) -> str:
    from claimdesk.services.figures import NOT_ENOUGH_DATA, figure

    overall = report.overall
    people = ", ".join(map(str, report.annotators)) or "nobody"
    lines = [
        f"{overall.n_claims} labelled claim(s), {overall.n_pairable_claims} labelled by two or "
        f"more annotators, {overall.n_disagreeing_claims} with different labels; "
        f"annotators: {people}",
        *_label_lines(overall),
    ]
    lines += ["", "Pairs (Cohen's kappa)"]
    if not report.pairs:
        lines.append(f"  {NOT_ENOUGH_DATA}: fewer than two annotators")
    for pair in report.pairs:
        lines.append(
            f"  {pair.annotator_a} / {pair.annotator_b}: kappa {figure(pair.kappa)}, "
            f"observed {figure(pair.observed)} on {pair.n_common} common claim(s)"
        )
        if pair.n_common:
            lines.append(
                confusion_text(pair.labels, pair.confusion, pair.annotator_a, pair.annotator_b)
            )
    if report.links:
        lines += ["", "Links (F1 of the two link sets)"]
        for link in report.links:
            lines.append(
                f"  {link.annotator_a} / {link.annotator_b}: F1 {figure(link.f1)}, "
                f"ignoring kind {figure(link.f1_ignoring_kind)} "
                f"({link.n_links_a} and {link.n_links_b} link(s), {link.n_common} in common)"
            )
    lines += ["", "Against the gold labels"]
    if not report.gold:
        lines.append(f"  {NOT_ENOUGH_DATA}: nothing adjudicated yet")
    for gold in report.gold:
        lines.append(
            f"  {gold.annotator}: accuracy {figure(gold.accuracy)}, kappa {figure(gold.kappa)} "
            f"on {gold.n_adjudicated} adjudicated claim(s)"
        )
        if gold.n_adjudicated:
            lines.append(confusion_text(gold.labels, gold.confusion, gold.annotator, "gold"))
    if report.stories:
        lines += ["", "Per story"]
        rows = [
            (
                shorten(data.story_names.get(entry.story, str(entry.story)), 40),
                entry.figures.n_claims,
                entry.figures.n_disagreeing_claims,
                figure(entry.figures.alpha),
                figure(entry.figures.fleiss_kappa),
                figure(entry.figures.observed_agreement),
            )
            for entry in report.stories
        ]
        headers = ("story", "claims", "differ", "alpha", "Fleiss", "observed")
        lines += ["  " + line for line in table(rows, headers).splitlines()]
    return "\n".join(lines)


# --- disagreements ---------------------------------------------------------------------------


def run_disagreements(args, context) -> int:
    from claimdesk.services import review
    from claimdesk.services.figures import abbreviate

    door = context.app().review
    wanted = review.QueueFilter(
        story_id=door.resolve_story(args.story),
        annotator=args.involving,
        label_pair=review.parse_label_pair(args.labels),
        include_adjudicated=args.all,
    )
    queue = door.queue(wanted)
    if args.json:
        print_json([entry.to_dict() for entry in queue])
        return 0
    if not queue:
        print("no open disagreements")
        return 0
    rows = [
        (
            entry.claim_id,
            shorten(entry.story_name, 24),
            entry.kind,
            " ".join(f"{name}={abbreviate(label)}" for name, label in entry.labels.items()),
            entry.gold or "",
            shorten(entry.claim_text, 50),
        )
        for entry in queue
    ]
    print(table(rows, ("claim", "story", "differ in", "labels", "gold", "text")))
    print(f"{len(queue)} claim(s) to adjudicate")
    return 0


# --- adjudicate ------------------------------------------------------------------------------


def run_adjudicate(args, context) -> int:
    from claimdesk.domain.labels import Label

    adjudicator = context.annotator()
    result = context.app(adjudicator).review.adjudicate(args.claim_id, args.label, args.note)
    label = Label.parse(args.label).value  # the door has refused a label it cannot parse
    if args.json:
        print_json(
            {
                "claim_id": args.claim_id,
                "label": label,
                "adjudicator": adjudicator,
                "note": args.note,
                "changed": result.did_something,
            }
        )
    else:
        state = "saved" if result.did_something else "unchanged (already so)"
        print(f"{args.claim_id}: gold label {label} by {adjudicator} — {state}")
    return 0
