"""safety for case work and deployments (issue 11)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 16:45:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # -- case work (client numbers, suspension, attempts) --
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table('caseworker', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_number', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('suspended_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('client_link', schema=None) as batch_op:
        batch_op.add_column(sa.Column('number', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('opened', sa.Integer(), server_default='0', nullable=False))
    # Existing links keep their order: each case worker's are numbered 1, 2, 3... by id,
    # and the counter starts after the last, so no number is ever given out twice.
    op.execute(
        "UPDATE client_link SET number = (SELECT COUNT(*) FROM client_link AS earlier"
        " WHERE earlier.caseworker_id = client_link.caseworker_id"
        " AND earlier.id <= client_link.id)"
    )
    op.execute(
        "UPDATE caseworker SET last_number = (SELECT COALESCE(MAX(number), 0)"
        " FROM client_link WHERE client_link.caseworker_id = caseworker.id)"
    )
    with op.batch_alter_table('client_link', schema=None) as batch_op:
        batch_op.alter_column('number', existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint('uq_client_link_number', ['caseworker_id', 'number'])
    # SQLite reuses the highest id after a delete unless the table says AUTOINCREMENT,
    # which only a new table can: batch mode copies every row across.
    with op.batch_alter_table(
        'reminder',
        schema=None,
        recreate='always' if sqlite else 'auto',
        table_kwargs={'sqlite_autoincrement': True} if sqlite else {},
    ) as batch_op:
        batch_op.add_column(sa.Column('reason_asked', sa.String(length=64), nullable=True))
    op.create_table('code_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('code_attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_code_attempt_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_code_attempt_person_id'), ['person_id'], unique=False)
    # -- end case work --
    # -- deployment (which Bot API this database has served) --
    op.create_table('deployment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bot_id', sa.BigInteger(), nullable=False),
    sa.Column('bot_username', sa.String(length=64), nullable=True),
    sa.Column('api_host', sa.String(length=255), nullable=False),
    sa.Column('first_seen', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('bot_id')
    )
    # -- end deployment --
    pass


def downgrade() -> None:
    # -- deployment --
    op.drop_table('deployment')
    # -- end deployment --
    # -- case work --
    with op.batch_alter_table('code_attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_code_attempt_person_id'))
        batch_op.drop_index(batch_op.f('ix_code_attempt_at'))
    op.drop_table('code_attempt')
    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.drop_column('reason_asked')
    with op.batch_alter_table('client_link', schema=None) as batch_op:
        batch_op.drop_constraint('uq_client_link_number', type_='unique')
        batch_op.drop_column('opened')
        batch_op.drop_column('number')
    with op.batch_alter_table('caseworker', schema=None) as batch_op:
        batch_op.drop_column('suspended_at')
        batch_op.drop_column('last_number')
    # -- end case work --
    pass
