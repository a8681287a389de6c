"""What agreement is computed from (services/review.load_agreement_input over
store/review_rows.py): labels, stories, links and gold labels of active claims only, per story
or all, on SQLite and PostgreSQL; and the encoding patched claim by claim equals a fresh one."""

from sqlalchemy import update

from claimdesk.agreement import encode_ratings
from claimdesk.domain.ids import story_id
from claimdesk.domain.records import ArticleRecord, ClaimSpan
from claimdesk.services.review import load_agreement_input as agreement_rows
from claimdesk.store import annotation, corpus, queries
from claimdesk.store.models import Claim


def _article(session, text, story):
    record = ArticleRecord(text=text, origin=f"test:{text[:8]}", raw_sha256="x", story=story)
    spans = []
    for sentence in text.split(". "):
        start = text.index(sentence)
        spans.append(ClaimSpan(start, start + len(sentence), sentence, ("number",), None, "t"))
    return corpus.add_article(session, record, spans)


def test_labels_links_and_gold_of_active_claims(db):
    with db.transaction() as s:
        a = _article(s, "Five people died. Two were hurt", "Quake")
        b = _article(s, "Three people died. Two were hurt", "Quake")
        c = _article(s, "Rain fell for a week. Rivers rose", "Floods")
        corpus.ensure_annotator(s, "lead", is_lead=True)
    with db.sessions() as s:
        a1, a2 = (x.id for x in queries.claims_of(s, a.article_id))
        b1, _b2 = (x.id for x in queries.claims_of(s, b.article_id))
        c1, c2 = (x.id for x in queries.claims_of(s, c.article_id))
    for who, claim, label in (
        ("ann", a1, "contradicted"),
        ("ben", a1, "contradicted"),
        ("ann", a2, "corroborated"),
        ("ben", a2, "unique"),
        ("ann", c1, "unique"),
        ("cat", c1, "unique"),
        ("ann", c2, "not_a_claim"),
    ):
        with db.transaction() as s:
            annotation.set_label(s, who, claim, label)
    with db.transaction() as s:
        annotation.link(s, "ann", a1, b1, "conflict")
        annotation.adjudicate(s, "lead", a2, "corroborated")
        annotation.adjudicate(s, "lead", c2, "not_a_claim")
        # a retired claim (an edited span) keeps its rows but counts nowhere
        s.execute(update(Claim).where(Claim.id == c2).values(active=False))

    quake, floods = story_id("Quake"), story_id("Floods")
    everything = agreement_rows(db)
    assert everything.ratings == {
        a1: {"ann": "contradicted", "ben": "contradicted"},
        a2: {"ann": "corroborated", "ben": "unique"},
        c1: {"ann": "unique", "cat": "unique"},
        # b1 got "contradicted" from the conflict link
        b1: {"ann": "contradicted"},
    }
    assert everything.story_of == {a1: quake, a2: quake, b1: quake, c1: floods}
    assert everything.gold == {a2: "corroborated"}
    pair = tuple(sorted((a1, b1)))
    assert everything.links == {"ann": {(*pair, "conflict")}}
    assert everything.story_names[quake] == "Quake"

    one = agreement_rows(db, floods)
    assert one.ratings == {c1: {"ann": "unique", "cat": "unique"}}
    assert one.story_of == {c1: floods}
    assert one.gold == {} and one.links == {}
    assert agreement_rows(db, quake).links == everything.links


def test_relabelled_claims_encode_as_a_fresh_load_would():
    from claimdesk.agreement.data import encode_label_rows
    from claimdesk.services.review import AgreementInput

    rows = [
        ("c1", "s1", "ann", "unique"),
        ("c1", "s1", "ben", "unique"),
        ("c2", "s1", "ann", "contradicted"),
        ("c3", "s2", "cat", "corroborated"),
    ]
    claims, stories, people, labels = zip(*rows, strict=True)
    data = AgreementInput(gold={"c2": "contradicted"})
    data.loaded = encode_label_rows(claims, people, labels, stories)
    # c1 relabelled, c3 loses its only label (and cat with it), c4 is new in a new story
    data.relabel(
        {"c1": {"ann": "not_a_claim"}, "c3": {}, "c4": {"ben": "unique", "dan": "unique"}},
        {"c1": "s1", "c3": "s2", "c4": "s0"},
    )
    assert data.annotators == ["ann", "ben", "dan"]
    assert data.ratings_of(["c1", "c2", "c3"]) == {
        "c1": {"ann": "not_a_claim"},
        "c2": {"ann": "contradicted"},
    }
    expected = {
        "c1": {"ann": "not_a_claim"},
        "c2": {"ann": "contradicted"},
        "c4": {"ben": "unique", "dan": "unique"},
    }
    fresh = encode_ratings(expected, story_of={"c1": "s1", "c2": "s1", "c4": "s0"})
    patched = data.encoded
    assert not data.pending
    assert patched.claims == fresh.claims == ("c1", "c2", "c4")
    assert patched.annotators == fresh.annotators
    assert patched.categories == fresh.categories
    assert (patched.codes == fresh.codes).all()
    assert patched.stories == fresh.stories == ("s0", "s1")
    assert (patched.story_codes == fresh.story_codes).all()
    assert data.ratings == expected


def test_labels_of_an_article_that_left_between_the_two_reads_are_left_out(db, monkeypatch):
    """On PostgreSQL a team member can move an article out of the story between the read of
    the labels and the read of the articles' stories: that load leaves its labels out."""
    from claimdesk.store import review_rows

    with db.transaction() as s:
        a = _article(s, "Five people died. Two were hurt", "Quake")
        b = _article(s, "Three people died. Two were hurt", "Quake")
    with db.sessions() as s:
        a1 = queries.claims_of(s, a.article_id)[0].id
        b1 = queries.claims_of(s, b.article_id)[0].id
    for claim in (a1, b1):
        with db.transaction() as s:
            annotation.set_label(s, "ann", claim, "unique")
    read_stories = review_rows.article_stories

    def moved_meanwhile(connection, story=None):
        stories = read_stories(connection, story)
        del stories[b.article_id]
        return stories

    monkeypatch.setattr(review_rows, "article_stories", moved_meanwhile)
    assert agreement_rows(db).ratings == {a1: {"ann": "unique"}}


def test_claims_read_apart_from_their_labels_encode_as_the_joined_rows():
    """The loader reads each labelled claim once (with its story) and the labels alone; the
    encoding equals that of the joined rows. A label of a claim not read (retired, or labelled
    after the claims were read) is left out, and so is a claim whose labels went meanwhile;
    claims in any order."""
    from claimdesk.agreement.data import encode_claim_labels, encode_label_rows

    claims = ["c3", "c1", "c2", "c9"]  # c9: its only label went between the two reads
    stories = ["s2", "s1", "s1", "s3"]
    labels = [
        ("c1", "ben", "unique"),
        ("c1", "ann", "unique"),
        ("c2", "ann", "contradicted"),
        ("c3", "cat", "corroborated"),
        ("c7", "dan", "not_a_claim"),  # a claim not read: dan labelled nothing that counts
    ]
    encoded = encode_claim_labels(claims, stories, *zip(*labels, strict=True))
    joined = [
        (c, s, who, label)
        for c, who, label in labels
        for c2, s in zip(claims, stories, strict=True)
        if c == c2
    ]
    claim_ids, story_ids, people, values = zip(*joined, strict=True)
    fresh = encode_label_rows(claim_ids, people, values, story_ids)
    assert encoded.claims == fresh.claims == ("c1", "c2", "c3")
    assert encoded.annotators == fresh.annotators == ("ann", "ben", "cat")
    assert encoded.categories == fresh.categories
    assert (encoded.codes == fresh.codes).all()
    assert encoded.stories == fresh.stories == ("s1", "s2")
    assert (encoded.story_codes == fresh.story_codes).all()
    assert encoded.row_of == fresh.row_of
