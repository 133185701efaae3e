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
    # -- end case work --
    # -- deployment (which Bot API this database has served) --
    # -- end deployment --
    pass


def downgrade() -> None:
    # -- deployment --
    # -- end deployment --
    # -- case work --
    # -- end case work --
    pass
