"""Team mode through Claimdesk itself: the database user is the annotator, the command line
refuses another name, refused writes become one clear message, and `team init`/`team add`
behave (idempotent; a password is never printed and never reaches the server in clear)."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from claimdesk.cli import main
from claimdesk.errors import PermissionRefusedError
from claimdesk.services import team as team_service
from claimdesk.services.workspace import Workspace
from claimdesk.store.engine import open_database
from claimdesk.store.models import LabelRow
from claimdesk.store.team import POLICIES

pytestmark = pytest.mark.postgres


@pytest.fixture
def opened():
    databases = []

    def open_as(url):
        database = open_database(url)
        databases.append(database)
        return database

    yield open_as
    for database in databases:
        database.dispose()


def test_the_database_user_is_the_annotator(team, opened):
    db = opened(team.url(team.bob))
    assert db.is_team and db.team_user == team.bob
    (a1, _), _ = team.story_claims
    Workspace(db, db.team_user).label(a1, "unique", note="seen on the wire")
    with db.sessions() as session:
        assert session.get(LabelRow, (a1, team.bob)).note == "seen on the wire"
    # the service layer cannot be talked into writing as someone else either
    with pytest.raises(PermissionRefusedError, match="row-level security"):
        Workspace(db, team.lead).label(a1, "unique")
    with db.sessions() as session:
        assert session.get(LabelRow, (a1, team.lead)) is None


def test_the_command_line_refuses_another_annotator_name(team, capsys):
    (a1, _), _ = team.story_claims
    url = team.url(team.bob)
    assert main(["--db", url, "label", a1, "unique", "--annotator", team.lead]) == 2
    assert f"you are connected as {team.bob!r}" in capsys.readouterr().err
    assert main(["--db", url, "label", a1, "contradicted"]) == 0  # no flag needed: it is bob
    assert main(["--db", url, "label", a1, "unique", "--annotator", team.bob]) == 0
    admin = open_database(team.admin_url)
    with admin.sessions() as session:
        assert session.get(LabelRow, (a1, team.bob)).label == "unique"
        assert session.get(LabelRow, (a1, team.lead)) is None
    admin.dispose()


def test_lead_only_commands_are_refused_to_annotators(team, capsys):
    (a1, _), _ = team.story_claims
    bob, lead = team.url(team.bob), team.url(team.lead)
    assert main(["--db", bob, "suggestions", "off"]) == 1
    assert "refused" in capsys.readouterr().err
    assert main(["--db", bob, "annotators", "lead", team.bob]) == 1
    assert main(["--db", bob, "team", "blind", "on"]) == 1
    assert main(["--db", bob, "adjudicate", a1, "unique"]) == 2
    capsys.readouterr()
    assert main(["--db", bob, "team", "blind", "status", "--json"]) == 0
    assert '"blind": false' in capsys.readouterr().out
    # the lead may do each of them
    assert main(["--db", lead, "suggestions", "off"]) == 0
    assert main(["--db", lead, "team", "blind", "on"]) == 0
    assert main(["--db", lead, "adjudicate", a1, "unique"]) == 0
    assert main(["--db", lead, "annotators", "lead", team.bob]) == 0
    assert main(["--db", bob, "adjudicate", a1, "corroborated"]) == 0  # bob leads now


def _policies(url: str) -> list[tuple]:
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT tablename, policyname, cmd, qual, with_check FROM pg_policies "
                "WHERE schemaname = current_schema() ORDER BY 1, 2"
            )
        ).all()
    engine.dispose()
    return [tuple(row) for row in rows]


def test_team_init_is_idempotent(team, opened):
    before = _policies(team.admin_url)
    assert len(before) == sum(len(p) for p in POLICIES.values()) == 23
    again = team_service.init_team(team.admin_url)  # the group is found, not renamed
    assert again.group == team.group
    assert _policies(team.admin_url) == before
    assert {name for name, _ in again.members} == {team.lead, team.bob, team.carol}
    (a1, _), _ = team.story_claims
    Workspace(opened(team.url(team.carol)), team.carol).label(a1, "unique")


def test_team_add_never_prints_nor_sends_the_password(team, monkeypatch, capsys):
    name, secret = team.member("dave"), "correct horse battery staple"
    monkeypatch.setattr("sys.stdin", io.StringIO(secret + "\n"))
    assert main(["--db", team.admin_url, "team", "add", name, "--password-stdin"]) == 0
    out = capsys.readouterr()
    assert secret not in out.out + out.err
    assert f"{name}@" in out.out  # how to connect, without any password
    engine = create_engine(team.admin_url)
    with engine.connect() as connection:
        stored = connection.execute(
            text("SELECT rolpassword FROM pg_authid WHERE rolname = :n"), {"n": name}
        ).scalar()
    engine.dispose()
    assert stored.startswith("SCRAM-SHA-256$") and secret not in stored
    db = open_database(team.url(name))
    assert db.team_user == name
    db.dispose()


def test_team_add_asks_for_a_password_only_on_a_terminal(team, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["--db", team.admin_url, "team", "add", team.member("erin")]) == 2
    assert "--password-stdin" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["Robert'); DROP TABLE labels;--", "", "x" * 64, "9lives"])
def test_team_add_refuses_names_that_are_not_plain_logins(team, name, capsys):
    assert main(["--db", team.admin_url, "team", "add", name, "--no-password"]) == 2
    assert "cannot be a team member's name" in capsys.readouterr().err


def test_a_plain_postgres_database_is_not_a_team_database(pg_url, opened):
    db = opened(pg_url)
    assert not db.is_team and db.team_user is None


def test_a_member_connects_through_a_libpq_service_file(team, tmp_path, monkeypatch, opened):
    """No name or password in the URL or any project file: libpq reads them from the service
    file (and a password from ~/.pgpass, which this trust-auth test server does not ask for)."""
    url = make_url(team.admin_url)
    service = tmp_path / "pg_service.conf"
    service.write_text(
        "[claimdesk_team]\n"
        f"host={url.host}\nport={url.port or 5432}\ndbname={url.database}\n"
        f"user={team.bob}\noptions={url.query['options']}\n"
    )
    monkeypatch.setenv("PGSERVICEFILE", str(service))
    db = opened("postgresql+psycopg:///?service=claimdesk_team")
    assert db.team_user == team.bob
    (a1, _), _ = team.story_claims
    Workspace(db, db.team_user).label(a1, "unique")


def test_a_member_imports_only_their_own_work_from_a_label_file(team, opened):
    from claimdesk.services import labels_io

    (a1, a2), _ = team.story_claims
    db = opened(team.url(team.bob))
    records = [
        {"claim_id": a1, "annotator": team.bob, "label": "unique", "_place": "f:1"},
        {"claim_id": a2, "annotator": team.lead, "label": "unique", "_place": "f:2"},
        {
            "type": "adjudication",
            "claim_id": a1,
            "label": "unique",
            "adjudicator": team.lead,
            "_place": "f:3",
        },
    ]
    report = labels_io.apply_records(db, records, importer=db.team_user)
    assert {e.place for e in report.errors} == {"f:2", "f:3"}
    assert "brings in only their own" in report.errors[0].problem
    assert report.new == 1
    with db.sessions() as session:
        assert session.get(LabelRow, (a1, team.bob)).label == "unique"
        assert session.get(LabelRow, (a2, team.lead)) is None
