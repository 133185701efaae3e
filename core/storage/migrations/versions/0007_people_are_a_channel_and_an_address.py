"""people are a channel and an address (issue 13 item 2)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 12:00:00

Every person so far came through Telegram: each becomes channel 'telegram' with their
Telegram id, as text, for address. Only the `person` table changes; everything else
links to a person by `person.id`, which stays. Written in SQLAlchemy expressions, so it
runs on PostgreSQL as on SQLite (where batch mode copies the table across).
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TELEGRAM = 'telegram'
person = sa.table(
    'person',
    sa.column('telegram_id', sa.BigInteger()),
    sa.column('channel', sa.String(32)),
    sa.column('address', sa.String(128)),
)


def upgrade() -> None:
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('address', sa.String(length=128), nullable=True))
    op.execute(
        person.update().values(
            channel=TELEGRAM, address=sa.cast(person.c.telegram_id, sa.String(128))
        )
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.alter_column('channel', existing_type=sa.String(length=32), nullable=False)
        batch_op.alter_column('address', existing_type=sa.String(length=128), nullable=False)
        # Its unique constraint goes with it (SQLite's copy leaves it out; PostgreSQL
        # drops a column's constraints with the column).
        batch_op.drop_column('telegram_id')
        batch_op.create_unique_constraint('uq_person_channel_address', ['channel', 'address'])


def _elsewhere() -> dict[str, int]:
    """How many people each channel other than Telegram has."""
    rows = op.get_bind().execute(
        sa.select(person.c.channel, sa.func.count())
        .where(person.c.channel != TELEGRAM)
        .group_by(person.c.channel)
    )
    return {str(channel): int(count) for channel, count in rows}


def downgrade() -> None:
    elsewhere = _elsewhere()
    if elsewhere:
        found = ', '.join(f'{count} on {channel}' for channel, count in sorted(elsewhere.items()))
        raise RuntimeError(
            f'Cannot go back before revision 0007: {found}. Before it, a person was a '
            'Telegram id, and these people have none. Nothing was changed.'
        )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('telegram_id', sa.BigInteger(), nullable=True))
    op.execute(person.update().values(telegram_id=sa.cast(person.c.address, sa.BigInteger())))
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.alter_column('telegram_id', existing_type=sa.BigInteger(), nullable=False)
        batch_op.drop_constraint('uq_person_channel_address', type_='unique')
        batch_op.drop_column('address')
        batch_op.drop_column('channel')
        batch_op.create_unique_constraint('uq_person_telegram_id', ['telegram_id'])
