"""A team database on the PostgreSQL server named by CLAIMDESK_TEST_PG_URL: a fresh schema set up
by `team init`, with real login roles. Roles are cluster-wide and other test runs share the
server, so every role here is named `cdtest_<random>_...` and dropped afterwards."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from claimdesk.services import team as team_service
from claimdesk.store.engine import open_database
from direct_corpus import article


@dataclass
class Team:
    admin_url: str
    group: str
    prefix: str
    lead: str  # a lead annotator
    bob: str  # an annotator
    carol: str  # another annotator
    story_claims: tuple[list[str], list[str]]  # claims of two articles of one story

    def url(self, role: str) -> str:
        return team_service.member_url(self.admin_url, role)

    def member(self, suffix: str) -> str:
        return f"{self.prefix}{suffix}"


def drop_roles(base_url: str, prefix: str) -> None:
    admin = create_engine(make_url(base_url).set(query={}))
    with admin.begin() as connection:
        roles = connection.execute(
            text("SELECT rolname FROM pg_roles WHERE rolname LIKE :p"), {"p": prefix + "%"}
        ).scalars()
        for role in sorted(roles, key=lambda r: r.endswith("_g")):  # members before the group
            connection.exec_driver_sql(f'DROP OWNED BY "{role}"')
            connection.exec_driver_sql(f'DROP ROLE "{role}"')
    admin.dispose()


@pytest.fixture
def team(pg_url):
    prefix = f"cdtest_{uuid.uuid4().hex[:8]}_"
    try:
        info = team_service.init_team(pg_url, group=f"{prefix}g")
        db = open_database(pg_url)
        lead, bob, carol = (f"{prefix}{n}" for n in ("alice", "bob", "carol"))
        team_service.add_member(db, lead, lead=True, password=None)
        team_service.add_member(db, bob, lead=False, password=None)
        team_service.add_member(db, carol, lead=False, password=None)
        with db.transaction() as session:
            first = article(session, "Five people died in the attack. The call lasted an hour")
            second = article(session, "Three people died in the attack. The call lasted an hour")
        db.dispose()
        yield Team(pg_url, info.group, prefix, lead, bob, carol, (first, second))
    finally:
        drop_roles(pg_url, prefix)
