"""workers share one database: the inbox's waiting updates indexed, and one sending pace
(issue 15 item 3)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 12:30:00

Each worker sharing a PostgreSQL database scans the inbox for updates still to handle;
a partial index keeps that scan off the two days of handled ids the inbox remembers.
`send_pace` holds when the next message may go, for all workers together. Both are
plain SQL that SQLite runs too (SQLite has partial indexes; one process there uses
neither much).
"""
from collections.abc import Sequence

import datetime as dt

import sqlalchemy as sa
from alembic import op


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WAITING = sa.text('handled_at IS NULL')
LONG_AGO = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def upgrade() -> None:
    op.create_index(
        'ix_inbox_waiting', 'inbox', ['update_id'], unique=False,
        postgresql_where=WAITING, sqlite_where=WAITING,
    )
    pace = op.create_table(
        'send_pace',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('next_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.bulk_insert(pace, [{'id': 1, 'next_at': LONG_AGO}])


def downgrade() -> None:
    op.drop_table('send_pace')
    op.drop_index('ix_inbox_waiting', table_name='inbox')
