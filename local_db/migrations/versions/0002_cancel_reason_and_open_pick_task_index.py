"""Cancel reason on outbound orders (shown to the picker) and an index for open pick tasks.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbound_order', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancel_reason', sa.String(length=500), nullable=True))

    with op.batch_alter_table('pick_task', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pick_task_status'), ['status'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('pick_task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pick_task_status'))

    with op.batch_alter_table('outbound_order', schema=None) as batch_op:
        batch_op.drop_column('cancel_reason')

