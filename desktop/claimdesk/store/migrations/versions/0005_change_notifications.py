"""change notifications: PostgreSQL tells listening windows that data changed

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01

- PostgreSQL: a statement-level trigger on every table a window shows (events, labels, links,
  adjudications, claims, articles, stories, annotators) calls pg_notify('claimdesk_changes',
  schema): channels are per database, so the payload names the project's schema. The
  notification is delivered when the writing transaction commits, once per transaction (equal
  notifications of one transaction are folded into one), whoever wrote: this program, another
  client, a bulk tool. Windows LISTEN on a connection of their own (store/notifications.py)
  instead of polling.
- SQLite: nothing; a window watches the database file and its write-ahead log instead
  (ui/review/external_changes.py).
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

CHANNEL = "claimdesk_changes"  # store/notifications.py listens on it
TABLES = (
    "events", "labels", "links", "adjudications", "claims", "articles", "stories", "annotators",
)

_FUNCTION = f"""
CREATE OR REPLACE FUNCTION claimdesk_notify_change() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('{CHANNEL}', TG_TABLE_SCHEMA);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(_FUNCTION)
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_notify_change AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION claimdesk_notify_change()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_notify_change ON {table}")
    op.execute("DROP FUNCTION IF EXISTS claimdesk_notify_change()")
