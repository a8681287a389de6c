"""Team mode on PostgreSQL: one login role per annotator, row-level security on the server.

`init_team` (run by the database owner or a superuser) puts the schema under one group role and
creates the policies; `add_member` creates a login role in that group. From then on the
database itself decides who may write what, whatever the client sends:

- an annotator inserts, updates and deletes only their own labels (notes live on labels),
  links and event-log entries; leads also write other annotators' labels and links, because a
  lead's span edit moves everyone's work with the claim (ARCHITECTURE.md);
- only leads write adjudications, annotator rows (who is a lead) and settings; anyone may add
  their own, non-lead annotator row;
- while the study is blind (the `blind` setting, a lead's switch), an annotator reads only their
  own labels, links and log entries, and no adjudications.

Whether someone is a lead is the `is_lead` flag of their annotator row, read through a
SECURITY DEFINER function (a policy on `annotators` cannot read `annotators` itself without
recursing). The group role's name is kept in `claimdesk_team`, whose presence is what makes a
database a team database.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

TEAM_TABLE = "claimdesk_team"
BLIND_SETTING = "blind"
# libpq and PostgreSQL accept far more, but these names also go into URLs, pgpass files and
# shell commands: keep them plain
ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

# table -> privileges the group gets; the event log is append-only for everyone but the owner
TABLE_GRANTS = {
    "alembic_version": "SELECT",
    TEAM_TABLE: "SELECT",
    "stories": "SELECT, INSERT, UPDATE, DELETE",
    "articles": "SELECT, INSERT, UPDATE, DELETE",
    "article_search": "SELECT",  # written by a trigger as its owner (migration 0006)
    "claims": "SELECT, INSERT, UPDATE, DELETE",
    "annotators": "SELECT, INSERT, UPDATE, DELETE",
    "labels": "SELECT, INSERT, UPDATE, DELETE",
    "links": "SELECT, INSERT, UPDATE, DELETE",
    "adjudications": "SELECT, INSERT, UPDATE, DELETE",
    "settings": "SELECT, INSERT, UPDATE, DELETE",
    "events": "SELECT, INSERT, UPDATE",
}

LEAD = "claimdesk_is_lead(current_user)"
BLIND = "claimdesk_blind()"
OWN_OR_LEAD = f"(annotator = current_user OR {LEAD})"
VISIBLE = f"(annotator = current_user OR {LEAD} OR NOT {BLIND})"

# table -> {policy command: (USING, WITH CHECK)}; a command without a policy is refused
POLICIES: dict[str, dict[str, tuple[str | None, str | None]]] = {
    "labels": {
        "SELECT": (VISIBLE, None),
        "INSERT": (None, OWN_OR_LEAD),
        "UPDATE": (OWN_OR_LEAD, OWN_OR_LEAD),
        "DELETE": (OWN_OR_LEAD, None),
    },
    "links": {
        "SELECT": (VISIBLE, None),
        "INSERT": (None, OWN_OR_LEAD),
        "UPDATE": (OWN_OR_LEAD, OWN_OR_LEAD),
        "DELETE": (OWN_OR_LEAD, None),
    },
    "adjudications": {
        "SELECT": (f"({LEAD} OR NOT {BLIND})", None),
        "INSERT": (None, f"({LEAD} AND adjudicator = current_user)"),
        "UPDATE": (LEAD, f"({LEAD} AND adjudicator = current_user)"),
        "DELETE": (LEAD, None),
    },
    "annotators": {
        "SELECT": ("true", None),
        "INSERT": (None, f"((name = current_user AND NOT is_lead) OR {LEAD})"),
        "UPDATE": (LEAD, LEAD),
        "DELETE": (LEAD, None),
    },
    "settings": {
        "SELECT": ("true", None),
        "INSERT": (None, LEAD),
        "UPDATE": (LEAD, LEAD),
        "DELETE": (LEAD, None),
    },
    "events": {
        "SELECT": (VISIBLE, None),
        "INSERT": (None, "annotator = current_user"),
        "UPDATE": ("annotator = current_user", "annotator = current_user"),
    },
}


def quote(connection: Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote_identifier(name)


def check_role_name(name: str) -> str:
    from claimdesk.errors import UsageError

    if not ROLE_NAME.match(name or ""):
        raise UsageError(
            f"{name!r} cannot be a team member's name: use 1-63 lower-case letters, digits and "
            "underscores, starting with a letter or underscore (it is their database login)"
        )
    return name


def default_group_role(connection: Connection) -> str:
    """One group per database and schema: roles are cluster-wide, and a group shared by two
    team databases would let the members of one into the other."""
    database, schema = connection.execute(text("SELECT current_database(), current_schema()")).one()
    suffix = "" if schema == "public" else f"_{schema}"
    return re.sub(r"[^a-z0-9_]", "_", f"claimdesk_{database}{suffix}".lower())[:63]


def group_role(connection: Connection) -> str | None:
    """The team's group role, or None when this is not a team database."""
    if connection.dialect.name != "postgresql":
        return None
    if connection.execute(text("SELECT to_regclass(:t)"), {"t": TEAM_TABLE}).scalar() is None:
        return None
    return connection.execute(text(f"SELECT group_role FROM {TEAM_TABLE}")).scalar()


def role_exists(connection: Connection, name: str) -> bool:
    found = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name})
    return found.first() is not None


def init_team(connection: Connection, group: str) -> None:
    """Create (or bring up to date) the group role, grants, functions and policies. Idempotent:
    every statement either checks first or replaces what it finds."""
    schema = connection.execute(text("SELECT current_schema()")).scalar()
    q_group, q_schema = quote(connection, group), quote(connection, schema)
    run = connection.exec_driver_sql
    if not role_exists(connection, group):
        run(f"CREATE ROLE {q_group} NOLOGIN")
    run(f"CREATE TABLE IF NOT EXISTS {TEAM_TABLE} (group_role text PRIMARY KEY)")
    run(f"DELETE FROM {TEAM_TABLE}")
    connection.execute(text(f"INSERT INTO {TEAM_TABLE} VALUES (:g)"), {"g": group})
    run(f"GRANT USAGE ON SCHEMA {q_schema} TO {q_group}")
    for table, privileges in TABLE_GRANTS.items():
        run(f"GRANT {privileges} ON {table} TO {q_group}")
    sequence = connection.execute(text("SELECT pg_get_serial_sequence('events', 'id')")).scalar()
    if sequence:
        run(f"GRANT USAGE, SELECT ON SEQUENCE {sequence} TO {q_group}")
    # SECURITY DEFINER: they run as the owner, who is not subject to the policies they serve
    run(
        "CREATE OR REPLACE FUNCTION claimdesk_is_lead(who name) RETURNS boolean "
        f"LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {q_schema}, pg_temp AS "
        "$$ SELECT coalesce((SELECT is_lead FROM annotators WHERE name = who), false) $$"
    )
    run(
        "CREATE OR REPLACE FUNCTION claimdesk_blind() RETURNS boolean "
        f"LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {q_schema}, pg_temp AS "
        f"$$ SELECT coalesce((SELECT value::text = 'true' FROM settings "
        f"WHERE key = '{BLIND_SETTING}'), false) $$"
    )
    for function in ("claimdesk_is_lead(name)", "claimdesk_blind()"):
        run(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
        run(f"GRANT EXECUTE ON FUNCTION {function} TO {q_group}")
    for table, policies in POLICIES.items():
        run(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        existing = connection.execute(
            text("SELECT policyname FROM pg_policies WHERE schemaname = :s AND tablename = :t"),
            {"s": schema, "t": table},
        ).scalars()
        for policy in list(existing):
            run(f"DROP POLICY {quote(connection, policy)} ON {table}")
        for command, (using, check) in policies.items():
            clauses = (f" USING ({using})" if using else "") + (
                f" WITH CHECK ({check})" if check else ""
            )
            run(
                f"CREATE POLICY claimdesk_{command.lower()} ON {table} FOR {command} "
                f"TO {q_group}{clauses}"
            )


def encrypted_password(connection: Connection, role: str, password: str) -> str:
    """The SCRAM verifier of a password, computed by libpq on this side, so the password itself
    never reaches the server (nor its statement log)."""
    raw = connection.connection.dbapi_connection
    verifier = raw.pgconn.encrypt_password(password.encode(), role.encode(), b"scram-sha-256")
    return verifier.decode()


def add_member(
    connection: Connection, group: str, role: str, *, lead: bool, password: str | None
) -> bool:
    """Create the login role (or update it) in the team's group; its annotator row says whether
    it is a lead. Returns True when the role is new."""
    q_role = quote(connection, role)
    created = not role_exists(connection, role)
    if created:
        connection.exec_driver_sql(f"CREATE ROLE {q_role} LOGIN")
    if password is not None:
        verifier = encrypted_password(connection, role, password)
        # a verifier is not a secret in the way a password is, but it still goes as a literal:
        # ALTER ROLE takes no bind parameters
        literal = verifier.replace("'", "''")
        connection.exec_driver_sql(f"ALTER ROLE {q_role} PASSWORD '{literal}'")
    connection.exec_driver_sql(f"GRANT {quote(connection, group)} TO {q_role}")
    connection.execute(
        text(
            "INSERT INTO annotators (name, is_lead, created_at) VALUES (:n, :l, now() AT TIME ZONE 'utc') "
            "ON CONFLICT (name) DO UPDATE SET is_lead = annotators.is_lead OR excluded.is_lead"
        ),
        {"n": role, "l": lead},
    )
    return created


def acting_member(session, by: str | None) -> str | None:
    """Who an event is logged for: in a team database always the connected member (the
    server's policy on `events` insists), elsewhere `by` (None: nobody in particular)."""
    connection = session.connection()
    if group_role(connection) is None:
        return by
    return connection.execute(text("SELECT current_user")).scalar()


def members(connection: Connection, group: str) -> list[tuple[str, bool]]:
    """(login, is_lead) of every member of the team's group role, by name."""
    rows = connection.execute(
        text(
            "SELECT m.rolname, coalesce(a.is_lead, false) FROM pg_auth_members g "
            "JOIN pg_roles r ON r.oid = g.roleid JOIN pg_roles m ON m.oid = g.member "
            "LEFT JOIN annotators a ON a.name = m.rolname WHERE r.rolname = :g "
            "ORDER BY m.rolname"
        ),
        {"g": group},
    ).all()
    return [(name, bool(lead)) for name, lead in rows]


def url_for_member(admin_url: str, name: str) -> str:
    """The admin's URL with the member's name and no password."""
    from sqlalchemy.engine import make_url

    return make_url(admin_url).set(username=name, password=None).render_as_string()
