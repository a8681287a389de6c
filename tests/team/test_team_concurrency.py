"""Many people labelling at once lose nothing and see no traceback: ten annotator roles label
500 claims each, all at the same time, on one PostgreSQL team database."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from claimdesk.domain.labels import Label
from claimdesk.services import team as team_service
from claimdesk.services.workspace import Workspace
from claimdesk.store.engine import open_database
from claimdesk.store.models import Event, LabelRow
from direct_corpus import many_claims

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

ANNOTATORS, CLAIMS = 10, 500
LABELS = [label.value for label in Label]


def _label_all(url: str, claims: list[str], offset: int, start: threading.Barrier, errors: list):
    try:
        db = open_database(url)
        try:
            workspace = Workspace(db, db.team_user)
            start.wait()
            for i, claim in enumerate(claims):
                workspace.label(claim, LABELS[(i + offset) % len(LABELS)])
        finally:
            db.dispose()
    except BaseException as exc:  # noqa: BLE001 - every failure is the test's business
        errors.append(exc)


def test_ten_roles_times_500_labels_at_once_lose_nothing(team):
    admin = open_database(team.admin_url)
    claims = many_claims(admin, CLAIMS)
    names = [team.member(f"a{i}") for i in range(ANNOTATORS)]
    for name in names:
        team_service.add_member(admin, name, lead=False, password=None)
    start, errors = threading.Barrier(ANNOTATORS), []
    threads = [
        threading.Thread(target=_label_all, args=(team.url(n), claims, i, start, errors))
        for i, n in enumerate(names)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with admin.sessions() as session:
        per_annotator = dict(
            session.execute(
                select(LabelRow.annotator, func.count()).group_by(LabelRow.annotator)
            ).all()
        )
        logged = session.scalar(select(func.count()).select_from(Event))
        sample = session.get(LabelRow, (claims[7], names[3])).label
    admin.dispose()
    assert per_annotator == {name: CLAIMS for name in names}
    assert logged == ANNOTATORS * CLAIMS
    assert sample == LABELS[(7 + 3) % len(LABELS)]
