"""Every forbidden write is refused by the PostgreSQL server itself: these tests connect as real
login roles and send raw SQL, bypassing Claimdesk's own checks. Writes that a policy forbids
either fail (INSERT, or a row the writer may see but not produce) or touch no row (UPDATE and
DELETE of rows the policy hides from the writer); both leave the data as it was."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import ProgrammingError

pytestmark = pytest.mark.postgres


@pytest.fixture
def connect(team):
    engines = []

    def as_role(role: str):
        engine = create_engine(team.url(role))
        engines.append(engine)
        return engine

    yield as_role
    for engine in engines:
        engine.dispose()


def refused(engine, sql: str, **params) -> None:
    """The statement fails with SQLSTATE 42501 (insufficient privilege / row-level policy)."""
    with pytest.raises(ProgrammingError) as caught, engine.begin() as connection:
        connection.execute(text(sql), params)
    assert caught.value.orig.sqlstate == "42501", caught.value


def rows_changed(engine, sql: str, **params) -> int:
    with engine.begin() as connection:
        return connection.execute(text(sql), params).rowcount


def scalar(engine, sql: str, **params):
    with engine.begin() as connection:
        return connection.execute(text(sql), params).scalar()


NOW = "now() AT TIME ZONE 'utc'"


def insert_label(engine, claim: str, annotator: str, label: str = "unique") -> None:
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO labels (claim_id, annotator, label, stale, updated_at) "
                f"VALUES (:c, :a, :l, false, {NOW})"
            ),
            {"c": claim, "a": annotator, "l": label},
        )


@pytest.fixture
def seeded(team, connect):
    """alice (lead) and bob each label the first claim; alice links and adjudicates it."""
    alice, bob = connect(team.lead), connect(team.bob)
    (a1, _), (b1, _) = team.story_claims
    insert_label(alice, a1, team.lead, "corroborated")
    insert_label(bob, a1, team.bob, "unique")
    with alice.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO links (annotator, claim_a, claim_b, kind, updated_at) "
                f"VALUES (:a, :x, :y, 'agree', {NOW})"
            ),
            {"a": team.lead, "x": min(a1, b1), "y": max(a1, b1)},
        )
        connection.execute(
            text(
                "INSERT INTO adjudications (claim_id, label, adjudicator, updated_at) "
                f"VALUES (:c, 'corroborated', :a, {NOW})"
            ),
            {"c": a1, "a": team.lead},
        )
        connection.execute(text("INSERT INTO settings (key, value) VALUES ('suggestions', 'true')"))
    return alice, bob, a1, b1


def test_an_annotator_cannot_write_labels_as_someone_else(team, seeded):
    alice, bob, a1, b1 = seeded
    refused(
        bob,
        "INSERT INTO labels (claim_id, annotator, label, stale, updated_at) "
        f"VALUES (:c, :a, 'unique', false, {NOW})",
        c=b1,
        a=team.lead,
    )
    assert (
        rows_changed(bob, "UPDATE labels SET label = 'unique' WHERE annotator = :a", a=team.lead)
        == 0
    )
    assert (
        rows_changed(bob, "UPDATE labels SET note = 'mine now' WHERE annotator = :a", a=team.lead)
        == 0
    )
    assert rows_changed(bob, "DELETE FROM labels WHERE annotator = :a", a=team.lead) == 0
    # taking a row over by renaming its owner: own rows only, and the new row must be one's own
    refused(bob, "UPDATE labels SET annotator = :a WHERE annotator = :b", a=team.lead, b=team.bob)
    assert (
        scalar(alice, "SELECT label FROM labels WHERE annotator = :a", a=team.lead)
        == "corroborated"
    )
    assert scalar(alice, "SELECT note FROM labels WHERE annotator = :a", a=team.lead) is None
    # the control: bob's own label and note are his to change
    assert (
        rows_changed(
            bob,
            "UPDATE labels SET label = 'contradicted', note = 'n' WHERE annotator = :b",
            b=team.bob,
        )
        == 1
    )


def test_an_annotator_cannot_write_links_as_someone_else(team, seeded):
    alice, bob, a1, b1 = seeded
    x, y = min(a1, b1), max(a1, b1)
    refused(
        bob,
        "INSERT INTO links (annotator, claim_a, claim_b, kind, updated_at) "
        f"VALUES (:a, :x, :y, 'conflict', {NOW})",
        a=team.carol,
        x=x,
        y=y,
    )
    assert (
        rows_changed(bob, "UPDATE links SET kind = 'conflict' WHERE annotator = :a", a=team.lead)
        == 0
    )
    assert rows_changed(bob, "DELETE FROM links WHERE annotator = :a", a=team.lead) == 0
    assert scalar(alice, "SELECT kind FROM links WHERE annotator = :a", a=team.lead) == "agree"


def test_only_leads_write_adjudications(team, seeded):
    alice, bob, a1, b1 = seeded
    sql = (
        "INSERT INTO adjudications (claim_id, label, adjudicator, updated_at) "
        f"VALUES (:c, 'unique', :a, {NOW})"
    )
    refused(bob, sql, c=b1, a=team.bob)
    refused(bob, sql, c=b1, a=team.lead)  # nor in the lead's name
    assert rows_changed(bob, "UPDATE adjudications SET label = 'unique'") == 0
    assert rows_changed(bob, "DELETE FROM adjudications") == 0
    assert (
        scalar(alice, "SELECT label FROM adjudications WHERE claim_id = :c", c=a1) == "corroborated"
    )
    # a lead adjudicates, in her own name only
    refused(alice, sql, c=b1, a=team.bob)
    with alice.begin() as connection:
        connection.execute(text(sql), {"c": b1, "a": team.lead})


def test_only_leads_write_roles(team, seeded):
    alice, bob, _, _ = seeded
    refused(
        bob, f"INSERT INTO annotators (name, is_lead, created_at) VALUES ('mallory', false, {NOW})"
    )
    refused(
        bob, f"INSERT INTO annotators (name, is_lead, created_at) VALUES ('mallory', true, {NOW})"
    )
    assert (
        rows_changed(bob, "UPDATE annotators SET is_lead = true WHERE name = :b", b=team.bob) == 0
    )
    assert (
        rows_changed(bob, "UPDATE annotators SET is_lead = false WHERE name = :a", a=team.lead) == 0
    )
    assert rows_changed(bob, "DELETE FROM annotators WHERE name = :a", a=team.lead) == 0
    assert scalar(bob, "SELECT is_lead FROM annotators WHERE name = :a", a=team.lead) is True
    assert scalar(bob, "SELECT is_lead FROM annotators WHERE name = :b", b=team.bob) is False
    # a lead grants the role, through the same table
    assert (
        rows_changed(alice, "UPDATE annotators SET is_lead = true WHERE name = :b", b=team.bob) == 1
    )


def test_own_annotator_row_can_be_created_but_not_as_lead(team, connect, pg_url):
    from claimdesk.store.engine import open_database

    admin = open_database(pg_url)
    with admin.transaction() as session:
        session.execute(text("DELETE FROM annotators WHERE name = :c"), {"c": team.carol})
    admin.dispose()
    carol = connect(team.carol)
    refused(
        carol,
        f"INSERT INTO annotators (name, is_lead, created_at) VALUES (current_user, true, {NOW})",
    )
    sql = (
        f"INSERT INTO annotators (name, is_lead, created_at) VALUES (current_user, false, {NOW}) "
        "ON CONFLICT (name) DO NOTHING"
    )
    assert rows_changed(carol, sql) == 1
    assert rows_changed(carol, sql) == 0  # again: the upsert is a no-op, not an error


def test_only_leads_write_settings(team, seeded):
    alice, bob, _, _ = seeded
    refused(bob, "INSERT INTO settings (key, value) VALUES ('blind', 'false')")
    assert rows_changed(bob, "UPDATE settings SET value = 'false' WHERE key = 'suggestions'") == 0
    assert rows_changed(bob, "DELETE FROM settings") == 0
    assert scalar(bob, "SELECT value::text FROM settings WHERE key = 'suggestions'") == "true"
    assert rows_changed(alice, "UPDATE settings SET value = 'false' WHERE key = 'suggestions'") == 1


def test_the_event_log_takes_entries_in_ones_own_name_and_loses_none(team, seeded):
    alice, bob, _, _ = seeded
    sql = (
        "INSERT INTO events (action_id, at, annotator, action, entity, entity_key, state) "
        f"VALUES ('x', {NOW}, :a, 'label', 'label', '[]', 'done')"
    )
    refused(bob, sql, a=team.lead)
    with bob.begin() as connection:
        connection.execute(text(sql), {"a": team.bob})
    with alice.begin() as connection:
        connection.execute(text(sql), {"a": team.lead})
    assert (
        rows_changed(bob, "UPDATE events SET state = 'undone' WHERE annotator = :a", a=team.lead)
        == 0
    )
    refused(bob, "DELETE FROM events")  # append-only: no member holds DELETE
    refused(alice, "DELETE FROM events")
    assert scalar(alice, "SELECT count(*) FROM events") == 2


def test_no_member_can_lift_the_policies_or_become_someone_else(team, seeded):
    alice, bob, _, _ = seeded
    for engine in (alice, bob):
        refused(engine, "ALTER TABLE labels DISABLE ROW LEVEL SECURITY")
        refused(engine, "DROP POLICY claimdesk_insert ON labels")
        refused(engine, "CREATE TABLE labels_copy (x int)")
    refused(bob, f'SET ROLE "{team.lead}"')
    refused(bob, "SET ROLE postgres")


def test_a_blind_study_hides_other_annotators_work(team, seeded, connect):
    alice, bob, a1, _ = seeded
    carol = connect(team.carol)
    insert_label(carol, a1, team.carol, "contradicted")
    count = "SELECT count(*) FROM labels"
    assert scalar(bob, count) == 3  # open study: everyone's labels
    refused(bob, "INSERT INTO settings (key, value) VALUES ('blind', 'true')")
    with alice.begin() as connection:
        connection.execute(text("INSERT INTO settings (key, value) VALUES ('blind', 'true')"))
    assert scalar(bob, count) == 1
    assert scalar(bob, "SELECT annotator FROM labels") == team.bob
    assert scalar(carol, "SELECT annotator FROM labels") == team.carol
    assert scalar(bob, "SELECT count(*) FROM links") == 0
    assert scalar(bob, "SELECT count(*) FROM adjudications") == 0
    assert scalar(alice, count) == 3  # the lead sees everything
    assert scalar(alice, "SELECT count(*) FROM adjudications") == 1
    with alice.begin() as connection:
        connection.execute(text("UPDATE settings SET value = 'false' WHERE key = 'blind'"))
    assert scalar(bob, count) == 3
