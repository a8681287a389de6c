"""Team mode: setting up a PostgreSQL database for a team, adding its members, blind studies.

`init_team` and `add_member` run as the database owner (or a superuser): they create roles and
policies. Everything else in a team database runs as the member, whose login is their annotator
name; the server's row-level security (store.team) decides what they may write.

Passwords are never stored by Claimdesk nor printed: `add_member` sends the server only a SCRAM
verifier computed on this side, and each member's client finds the password where libpq looks
for it (~/.pgpass, a pg_service.conf entry named in the URL, or $PGPASSWORD).
"""

from __future__ import annotations

from dataclasses import dataclass

from claimdesk.errors import UsageError
from claimdesk.store import settings as stored_settings
from claimdesk.store import team
from claimdesk.store.engine import Database, open_database


@dataclass(frozen=True)
class TeamInfo:
    url: str  # without password
    group: str
    members: tuple[tuple[str, bool], ...]  # (name, is_lead)

    def to_dict(self) -> dict:
        return {
            "url": self.url,
            "group": self.group,
            "members": [{"name": n, "is_lead": lead} for n, lead in self.members],
        }


def _require_postgres(db: Database) -> None:
    if db.engine.dialect.name != "postgresql":
        raise UsageError(
            f"{db.url}: team mode needs PostgreSQL (postgresql+psycopg://...); "
            "a SQLite file is single-user"
        )


def init_team(url: str, group: str | None = None) -> TeamInfo:
    """Create or migrate the schema, then the group role, grants and policies (idempotent)."""
    db = open_database(url)
    try:
        _require_postgres(db)
        with db.transaction() as session:
            connection = session.connection()
            group = group or team.group_role(connection) or team.default_group_role(connection)
            team.check_role_name(group)
            team.init_team(connection, group)
        return team_info(db)
    finally:
        db.dispose()


def team_info(db: Database) -> TeamInfo:
    _require_postgres(db)
    with db.sessions() as session:
        connection = session.connection()
        group = team.group_role(connection)
        if group is None:
            raise UsageError(
                f"{db.url}: not a team database (set it up with: claimdesk team init URL)"
            )
        members = team.members(connection, group)
    return TeamInfo(db.url, group, tuple(members))


def add_member(db: Database, name: str, *, lead: bool, password: str | None) -> bool:
    """A login role for `name` in the team (True if new). `password=None` leaves the role's
    password as it is (a new role then has none: it can log in only where pg_hba.conf allows
    another method)."""
    _require_postgres(db)
    team.check_role_name(name)
    if password is not None and not password:
        raise UsageError("an empty password cannot be set; leave it out to keep the current one")
    with db.transaction() as session:
        connection = session.connection()
        group = team.group_role(connection)
        if group is None:
            raise UsageError(f"{db.url}: not a team database (run: claimdesk team init URL)")
        return team.add_member(connection, group, name, lead=lead, password=password)


def member_url(admin_url: str, name: str) -> str:
    """The URL a member connects with: the admin's, with the member's name and no password."""
    return team.url_for_member(admin_url, name)


def is_blind(db: Database) -> bool:
    with db.sessions() as session:
        return bool(stored_settings.get_setting(session, team.BLIND_SETTING, False))


def set_blind(db: Database, blind: bool, *, by: str | None = None) -> None:
    """A lead's switch: while blind, annotators see only their own labels, links and log (the
    server enforces it in team mode; in a single-user SQLite file it means nothing)."""
    with db.transaction() as session:
        stored_settings.set_setting(session, team.BLIND_SETTING, bool(blind), by=by)
