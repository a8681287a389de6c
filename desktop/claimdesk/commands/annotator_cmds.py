"""`annotators`, `annotators add NAME`, `annotators lead NAME [--off]`."""

from __future__ import annotations

from claimdesk.commands.common import add_json_flag, print_json, table


def register(subparsers) -> None:
    p = subparsers.add_parser("annotators", help="list annotators; grant or revoke the lead role")
    add_json_flag(p)
    p.set_defaults(handler=run_list)
    sub = p.add_subparsers(dest="annotators_command", metavar="ACTION")

    add = sub.add_parser("add", help="add an annotator (before they label anything)")
    add.add_argument("name", metavar="NAME")
    add_json_flag(add)
    add.set_defaults(handler=run_add)

    lead = sub.add_parser("lead", help="make NAME a lead annotator (leads adjudicate)")
    lead.add_argument("name", metavar="NAME")
    lead.add_argument("--off", action="store_true", help="take the lead role away")
    add_json_flag(lead)
    lead.set_defaults(handler=run_lead)


def run_list(args, context) -> int:
    people = context.app().annotators.list()
    if args.json:
        print_json([person.to_dict() for person in people])
        return 0
    if not people:
        print("no annotators yet")
        return 0
    rows = [
        (p.name, "lead" if p.is_lead else "", p.labels, p.links, p.adjudications) for p in people
    ]
    print(table(rows, ("name", "role", "labels", "links", "adjudications")))
    return 0


def run_add(args, context) -> int:
    outcome = context.app().annotators.add(args.name)
    if args.json:
        print_json({"name": outcome.detail})
    else:
        print(outcome.message)
    return 0


def run_lead(args, context) -> int:
    outcome = context.app(context.annotator(required=False)).annotators.set_lead(
        args.name, not args.off
    )
    if args.json:
        print_json(outcome.detail.to_dict())
    else:
        print(outcome.message)
    return 0
