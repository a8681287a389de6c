"""each claim's labels as the JSONL export writes them, kept by triggers (SQLite); links by claim_a

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

The JSONL export on SQLite renders each claim's annotations with SQLite's JSON functions
(store/export_rows.py, `_rendered_claims`). Seeking and rendering a claim's labels is most of
that query: 1.44 s of 1.8 s per 200,000 claims. The rendered labels are therefore kept in the
claim's row, `claims.export_labels`, by triggers on `labels` (insert, update, delete), the
way FTS5 is kept in step with the articles (0004): no code path can write a label without
them. The export reads the column (0.37 s per 200,000 claims); an export of one annotator's
labels still renders them live.

The column holds what `_rendered_claims`' labels subquery gives (NULL without labels): a
flag ("0", or "1" when a label time is not in SQLAlchemy's form), the votes as a JSON array,
a group separator (char 29) and the annotations as a JSON array. tests/export/
test_rendered.py holds the two to the same text after every kind of write. A later change of
that format needs a migration that replaces these triggers and fills the column again.

- SQLite: the column, three triggers, and the column filled (about 1.6 s per 200,000 claims).
- PostgreSQL: no column; its export builds the records in Python.
- Both: an index on links (claim_a). A worker of a large export reads its chunk's links by
  walking the chunk's claims and seeking their links (claim_b has had its index since 0001);
  without it the export's process sorted all the links up front, a second of idle workers
  on a million claims.
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_SQLALCHEMY_TIME = "".join("[0-9]" if c == "9" else c for c in "9999-99-99 99:99:99.999999")

# the labels of the claim `{claim}` as _rendered_claims renders them
_RENDERED = (
    "(SELECT CASE WHEN min(l.canonical) = 1 THEN '0' WHEN min(l.canonical) = 0 THEN '1' END"
    " || json_group_array(json_array(l.annotator, l.label)) || char(29)"
    " || json_group_array(json_object("
    "'annotator', l.annotator, 'label', l.label, 'note', l.note,"
    " 'stale', json(CASE WHEN l.stale THEN 'true' ELSE 'false' END),"
    " 'updated_at', CASE WHEN l.canonical = 0 THEN l.updated_at"
    " WHEN substr(l.updated_at, 20) = '.000000'"
    " THEN replace(substr(l.updated_at, 1, 19), ' ', 'T')"
    " ELSE replace(l.updated_at, ' ', 'T') END))"
    " FROM (SELECT annotator, label, note, stale, updated_at,"
    f" updated_at GLOB '{_SQLALCHEMY_TIME}' AS canonical"
    " FROM labels WHERE claim_id = {claim}) AS l)"
)


def _refresh(claim: str, condition: str = "") -> str:
    rendered = _RENDERED.format(claim=claim)
    return f"UPDATE claims SET export_labels = {rendered} WHERE id = {claim}{condition};"


_TRIGGERS = {
    "labels_export_insert": f"AFTER INSERT ON labels BEGIN {_refresh('new.claim_id')} END",
    "labels_export_delete": f"AFTER DELETE ON labels BEGIN {_refresh('old.claim_id')} END",
    # a label moved to another claim (a claim's id changed) refreshes both
    "labels_export_update": (
        f"AFTER UPDATE ON labels BEGIN {_refresh('new.claim_id')}"
        f" {_refresh('old.claim_id', ' AND old.claim_id <> new.claim_id')} END"
    ),
}


def upgrade() -> None:
    op.create_index("ix_links_claim_a", "links", ["claim_a"], unique=False)
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("ALTER TABLE claims ADD COLUMN export_labels TEXT")
    for name, body in _TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    op.execute(f"UPDATE claims SET export_labels = {_RENDERED.format(claim='claims.id')}")


def downgrade() -> None:
    op.drop_index("ix_links_claim_a", table_name="links")
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in _TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("ALTER TABLE claims DROP COLUMN export_labels")
