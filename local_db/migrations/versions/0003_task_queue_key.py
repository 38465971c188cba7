"""The task list's sort key as an indexed generated column, so a page of the list is an index
range scan instead of a sort of every open order.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from local_db.models.outbound import TASK_QUEUE_KEY_SQL

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite adds a VIRTUAL generated column in place (no table rebuild).
    op.add_column(
        'outbound_order',
        sa.Column(
            'task_queue_key', sa.String(), sa.Computed(TASK_QUEUE_KEY_SQL, persisted=False)
        ),
    )
    op.create_index(
        'ix_outbound_order_task_queue', 'outbound_order', ['task_queue_key', 'id'], unique=False
    )


def downgrade() -> None:
    op.drop_index('ix_outbound_order_task_queue', table_name='outbound_order')
    with op.batch_alter_table('outbound_order', schema=None) as batch_op:
        batch_op.drop_column('task_queue_key')
