"""The command line: `claimdesk [--db URL] [--annotator NAME] COMMAND ...`.

With no command it opens the window. Each command group lives in `claimdesk.commands.*` and
registers its subcommands here. Errors a user can cause become one line on stderr:
exit 0 success, 1 some inputs failed (the others were processed), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys

from claimdesk.commands import COMMAND_MODULES
from claimdesk.commands.common import CommandContext, CommandFailed
from claimdesk.errors import EXIT_SOME_FAILED, EXIT_USAGE, ClaimdeskError, printable
from claimdesk.services import settings

EXIT_OK = 0
__all__ = ["EXIT_OK", "EXIT_SOME_FAILED", "EXIT_USAGE", "build_parser", "main"]


def _add_global_options(parser: argparse.ArgumentParser, default=None) -> None:
    parser.add_argument(
        "--db",
        default=default,
        help=f"SQLite file or SQLAlchemy URL (default: ${settings.DB_ENV} or "
        f"{settings.default_db_path()})",
    )
    parser.add_argument(
        "--annotator",
        default=default,
        help=f"who is labelling (default: ${settings.ANNOTATOR_ENV})",
    )


class _ShowVersion(argparse.Action):
    """`--version`, reading the installed version only when asked (it costs a metadata scan)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, **kw):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, **kw)

    def __call__(self, parser, namespace, values, option_string=None):
        from claimdesk import __version__

        print(f"claimdesk {__version__}")  # on stdout, as argparse's own version action does
        parser.exit()


def _subcommand_parsers(parser: argparse.ArgumentParser):
    """Every parser under this one (`story move`, `labels import`, ...), depth first."""
    for action in parser._actions:  # argparse keeps no public list of its subparsers
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):  # aliases share a parser
                yield child
                yield from _subcommand_parsers(child)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claimdesk",
        description="Label checkable claims across news articles. "
        "With no command, opens the annotation window.",
        epilog="--db and --annotator may also come after the command "
        "(claimdesk label ID unique --annotator alice).",
    )
    parser.add_argument("--version", action=_ShowVersion, help="show the version and exit")
    _add_global_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(subparsers)
    # SUPPRESS: given after the command, they override the ones before it; not given there,
    # they leave the top-level values alone
    for child in _subcommand_parsers(parser):
        _add_global_options(child, default=argparse.SUPPRESS)
    return parser


def _report(message: str) -> None:
    print(f"claimdesk: {message}", file=sys.stderr)


# Options whose text is stored. Python turns bytes that are not UTF-8 into lone surrogates,
# which no database can store; file paths may hold them (they are shown escaped).
_STORED_TEXT = ("annotator", "note", "story", "name", "label", "new_name")


def _undecodable_option(args) -> str | None:
    for key in _STORED_TEXT:
        value = getattr(args, key, None)
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return f"the {key.replace('_', ' ')} '{printable(value)}' is not valid UTF-8"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    bad = _undecodable_option(args)
    if bad is not None:
        _report(f"error: {bad}")
        return EXIT_USAGE
    context = CommandContext(db_flag=args.db, annotator_flag=args.annotator)
    try:
        if args.command is None:
            from claimdesk.ui.app import run_gui

            return run_gui(settings.resolve_db(args.db), settings.resolve_annotator(args.annotator))
        return args.handler(args, context) or EXIT_OK
    except CommandFailed as exc:
        return exc.exit_code
    except ClaimdeskError as exc:  # the catalogue says which exit code (2 for usage errors)
        _report(f"error: {exc}")
        return exc.exit_code
    except BrokenPipeError:  # `claimdesk articles | head`: the reader left, not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        _report("interrupted; everything committed so far is saved")
        return 130
    finally:
        context.close()


if __name__ == "__main__":
    raise SystemExit(main())
