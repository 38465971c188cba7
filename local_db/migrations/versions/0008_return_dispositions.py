"""Returns' QC dispositions (seed 002 §4.2 流程2): units of a return put in quarantine are
counted on their inbound line and travel frozen on their putaway task (damaged ones already
had ``damaged_qty`` and ``putaway_task.damaged``).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN with a default: existing rows read 0 / false, no table rebuild.
    op.add_column(
        'inbound_line',
        sa.Column('quarantined_qty', sa.Integer(), nullable=False, server_default='0'),
    )
    op.add_column(
        'putaway_task',
        sa.Column('frozen', sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    op.drop_column('putaway_task', 'frozen')
    op.drop_column('inbound_line', 'quarantined_qty')
