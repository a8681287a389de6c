"""A span edit by one annotator must not drop another annotator's label or links."""

from claimdesk.domain.records import ArticleRecord, ClaimSpan
from claimdesk.store import annotation, changes, corpus, queries, spans
from claimdesk.store.models import LabelRow


def test_resizing_moves_every_annotators_label_and_links(db):
    text_a = "Seven ships docked in the port on Monday, officials said."
    text_b = "Seven vessels reached the harbour on Monday."
    with db.transaction() as s:
        a = corpus.add_article(
            s,
            ArticleRecord(text_a, "a", "x", story="Port"),
            [ClaimSpan(0, len(text_a), text_a, (), None, "t")],
        )
        b = corpus.add_article(
            s,
            ArticleRecord(text_b, "b", "x", story="Port"),
            [ClaimSpan(0, len(text_b), text_b, (), None, "t")],
        )
    with db.sessions() as s:
        (old,) = queries.claims_of(s, a.article_id)
        (other,) = queries.claims_of(s, b.article_id)
        old_id, other_id = old.id, other.id
    with db.transaction() as s:
        annotation.link(s, "bob", old_id, other_id, "agree")
        annotation.set_label(s, "bob", old_id, "corroborated", note="same ships")
    with db.transaction() as s:  # alice trims the attribution off the end
        spans.replace_claims(s, "alice", a.article_id, [old_id], [(0, text_a.index(","))], "resize")
    with db.sessions() as s:
        (new,) = queries.claims_of(s, a.article_id)
        bob = s.get(LabelRow, (new.id, "bob"))
        assert (bob.label, bob.note) == ("corroborated", "same ships")
        assert s.get(LabelRow, (old_id, "bob")) is None
        assert {(link.claim_a, link.claim_b) for link in queries.links_of(s, "bob")} == {
            tuple(sorted((new.id, other_id)))
        }
    with db.transaction() as s:  # alice's undo puts everything back where it was
        changes.undo_last(s, "alice")
    with db.sessions() as s:
        assert [c.id for c in queries.claims_of(s, a.article_id)] == [old_id]
        assert s.get(LabelRow, (old_id, "bob")).label == "corroborated"
