"""`team init URL`, `team add NAME [--lead]`, `team`, `team blind on|off|status`."""

from __future__ import annotations

import getpass
import sys

from claimdesk.commands.common import add_json_flag, print_json, table
from claimdesk.errors import UsageError
from claimdesk.services import settings
from claimdesk.services import team as team_service


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "team", help="team mode on PostgreSQL: accounts per annotator, enforced by the database"
    )
    add_json_flag(p)
    p.set_defaults(handler=run_info)
    sub = p.add_subparsers(dest="team_command", metavar="ACTION")

    init = sub.add_parser(
        "init", help="set up URL for a team: schema, group role, row-level security (idempotent)"
    )
    init.add_argument("url", metavar="URL", help="postgresql+psycopg://OWNER@HOST/DB")
    init.add_argument("--group", help="the team's group role (default: claimdesk_DATABASE)")
    add_json_flag(init)
    init.set_defaults(handler=run_init)

    add = sub.add_parser("add", help="create a login role NAME for an annotator (run by the owner)")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--lead", action="store_true", help="NAME is a lead annotator")
    how = add.add_mutually_exclusive_group()
    how.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of stdin",
    )
    how.add_argument(
        "--no-password",
        action="store_true",
        help="set no password (the server authenticates NAME some other way)",
    )
    add_json_flag(add)
    add.set_defaults(handler=run_add)

    blind = sub.add_parser("blind", help="a lead hides each annotator's work from the others")
    blind.add_argument("state", choices=["on", "off", "status"])
    add_json_flag(blind)
    blind.set_defaults(handler=run_blind)


def run_init(args, context) -> int:
    info = team_service.init_team(args.url, args.group)
    if args.json:
        print_json(info.to_dict())
    else:
        print(f"{info.url} is a team database; group role {info.group}")
        print("add annotators with: claimdesk --db URL team add NAME [--lead]")
    return 0


def _password(args, name: str) -> str | None:
    if args.no_password:
        return None
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise UsageError(
            "no terminal to ask for the password: use --password-stdin or --no-password"
        )
    first = getpass.getpass(f"Password for {name}: ")
    if getpass.getpass("Again: ") != first:
        raise UsageError("the two passwords differ; nothing was changed")
    return first


def run_add(args, context) -> int:
    password = _password(args, args.name)
    created = context.app().team.add_member(args.name, lead=args.lead, password=password)
    url = team_service.member_url(settings.resolve_db(context.db_flag), args.name)
    if args.json:
        print_json({"name": args.name, "created": created, "lead": args.lead, "url": url})
        return 0
    role = "lead annotator" if args.lead else "annotator"
    article = "a" if args.lead else "an"
    print(f"{args.name} is {'now' if created else 'still'} {article} {role} of this team")
    print(f"they connect with: claimdesk --db '{url}'")
    print("and keep their password in ~/.pgpass (HOST:PORT:DATABASE:NAME:PASSWORD, mode 0600)")
    return 0


def run_info(args, context) -> int:
    info = context.app().team.info()
    if args.json:
        print_json(info.to_dict())
        return 0
    print(f"{info.url}: team database, group role {info.group}")
    rows = [(name, "lead" if lead else "") for name, lead in info.members]
    print(table(rows, ("member", "role")) if rows else "no members yet")
    return 0


def run_blind(args, context) -> int:
    team = context.app(context.annotator(required=False)).team
    if args.state != "status":
        team.set_blind(args.state == "on")
    blind = team.is_blind()
    if args.json:
        print_json({"blind": blind, "team": team.is_team})
    else:
        print(
            f"the study is {'blind' if blind else 'open'}"
            + ("" if team.is_team else " (a single-user SQLite database enforces nothing)")
        )
    return 0
