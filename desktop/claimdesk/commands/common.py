"""What every command shares: the database and annotator, JSON or text output, progress."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from claimdesk.errors import UsageError, printable
from claimdesk.services import settings
from claimdesk.store.engine import Database, open_database

if TYPE_CHECKING:
    from claimdesk.services.app import App


class CommandFailed(Exception):
    """A command already reported its problem; exit with this status."""

    def __init__(self, exit_code: int):
        self.exit_code = exit_code


@dataclass
class CommandContext:
    db_flag: str | None
    annotator_flag: str | None
    _db: Database | None = field(default=None, repr=False)

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = open_database(settings.resolve_db(self.db_flag))
        return self._db

    @property
    def db_label(self) -> str:
        return self._db.url if self._db is not None else settings.chosen_db(self.db_flag)

    def annotator(self, required: bool = True) -> str | None:
        name = settings.resolve_annotator(self.annotator_flag)
        team_user = self.db.team_user
        if team_user is not None:  # team mode: who you are is whom you connected as
            if name is not None and name != team_user:
                raise UsageError(
                    f"{self.db.url} is a team database and you are connected as {team_user!r}; "
                    f"you cannot act as {name!r} (connect as that database user instead)"
                )
            return team_user
        if name is None and required:
            raise UsageError(f"say who is labelling: --annotator NAME or ${settings.ANNOTATOR_ENV}")
        if name is not None and not _printable_utf8(name):
            raise UsageError(f"the annotator name '{printable(name)}' is not printable UTF-8")
        return name

    def app(self, annotator: str | None = None) -> App:
        """The facade every command acts and reads through, on this command's database;
        `annotator`: who acts (from `self.annotator()`, for the commands that need one)."""
        from claimdesk.services.app import App

        return App(self.db, annotator)

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()


def _printable_utf8(text: str) -> bool:
    """False for a name with control characters, or bytes that were not UTF-8 (which Python
    turns into lone surrogates, and no database can store)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return text.isprintable()


def add_json_flag(parser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")


def print_json(data, file=None) -> None:
    file = file or sys.stdout
    json.dump(data, file, ensure_ascii=False, indent=2, default=str)
    file.write("\n")


def warn(message: str) -> None:
    print(message, file=sys.stderr)


def progress_bar(total: int | None, description: str):
    """A progress bar on stderr; silent when stderr is not a terminal."""
    from tqdm import tqdm

    return tqdm(total=total, desc=description, unit="article", file=sys.stderr, disable=None)


def table(rows: list[tuple], headers: tuple[str, ...]) -> str:
    """A plain fixed-width table for terminal output."""
    cells = [tuple("" if v is None else str(v) for v in row) for row in rows]
    widths = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    for row in cells:
        lines.append("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)


def shorten(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
