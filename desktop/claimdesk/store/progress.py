"""How far one annotator is: labelled and active claims per article."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from claimdesk.store.models import Claim, LabelRow


def progress(connection: Connection, annotator: str, article_ids=None) -> dict[str, tuple]:
    """article_id -> (labelled by this annotator, active claims), for articles with claims.

    Totals come from the (article_id, active) index alone; labelled counts start from this
    annotator's labels, so both cost what they count, not the size of the corpus."""
    totals = select(Claim.article_id, func.count()).where(Claim.active.is_(True))
    labelled = (
        select(Claim.article_id, func.count())
        .select_from(LabelRow)
        .join(Claim, Claim.id == LabelRow.claim_id)
        .where(LabelRow.annotator == annotator, Claim.active.is_(True))
    )
    if article_ids is not None:
        totals = totals.where(Claim.article_id.in_(article_ids))
        labelled = labelled.where(Claim.article_id.in_(article_ids))
    counts = dict(connection.execute(totals.group_by(Claim.article_id)).all())
    done = dict(connection.execute(labelled.group_by(Claim.article_id)).all())
    return {aid: (done.get(aid, 0), total) for aid, total in counts.items()}
