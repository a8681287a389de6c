"""Races that used to raise IntegrityError/UniqueViolation and lose the action: the same
annotator labelling the same claims from several windows at once, and a first label by a new
annotator from two places at once (check-then-insert). They are upserts now: nothing is lost,
nothing fails, the later action wins."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from claimdesk.services.workspace import Workspace
from claimdesk.store import annotation
from claimdesk.store.models import Annotator, LabelRow, LinkRow
from direct_corpus import many_claims

pytestmark = pytest.mark.slow

WRITERS, CLAIMS = 6, 60


def _run_together(count: int, work) -> list[BaseException]:
    start, errors = threading.Barrier(count), []

    def run(index: int) -> None:
        try:
            start.wait()
            work(index)
        except BaseException as exc:  # noqa: BLE001 - every failure is the test's business
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_one_new_annotator_in_several_windows_at_once(db):
    claims = many_claims(db, CLAIMS)

    def label_everything(index: int) -> None:
        workspace = Workspace(db, "newcomer")  # each window creates the annotator on first use
        for claim in claims:
            workspace.label(claim, "unique" if index % 2 else "corroborated", note=f"w{index}")

    assert _run_together(WRITERS, label_everything) == []
    with db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Annotator)) == 1
        rows = session.scalars(select(LabelRow)).all()
    assert len(rows) == CLAIMS
    assert all(row.annotator == "newcomer" for row in rows)
    assert all(row.label in ("unique", "corroborated") and row.note for row in rows)


def test_first_labels_of_many_new_annotators_at_once(db):
    claims = many_claims(db, 5)

    def first_label(index: int) -> None:
        with db.transaction() as session:  # the check-then-insert of a new annotator
            annotation.set_label(session, f"person{index % 3}", claims[0], "unique")

    assert _run_together(WRITERS * 2, first_label) == []
    with db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Annotator)) == 3
        assert session.scalar(select(func.count()).select_from(LabelRow)) == 3


def test_the_same_link_from_two_windows_at_once(db):
    first = many_claims(db, 20, story="S")
    second = many_claims(db, 20, story="S", variant="Another wire")  # the same story

    def link_all(index: int) -> None:
        workspace = Workspace(db, "linker")
        for x, y in zip(first, second, strict=True):
            workspace.link(x, y, "conflict" if index % 2 else "agree")

    assert _run_together(4, link_all) == []
    with db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(LinkRow)) == len(first)
        labels = session.scalars(select(LabelRow.label)).all()
    assert len(labels) == 2 * len(first)
    assert set(labels) <= {"contradicted", "corroborated"}
