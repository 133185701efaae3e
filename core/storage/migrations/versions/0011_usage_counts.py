"""usage counts for the operator's report (issue 16): by week, kind, topic and place

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 17:30:00

Counts only: no column names a person, and a place is no finer than a town
(core/usage.py). One row per week, kind, topic and place, incremented in place.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'usage_count',
        sa.Column('week', sa.Date(), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('topic', sa.String(length=64), nullable=False),
        sa.Column('place', sa.String(length=120), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('week', 'kind', 'topic', 'place'),
        info={'public_information': True},
    )


def downgrade() -> None:
    op.drop_table('usage_count')
