"""Task control by a supervisor: an order can be put on hold with a reason code and assigned
to an operator. The supervisor's priority is the order's own ``priority`` column, so the task
queue key (0003) stays as it is.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (nullable): no table rebuild on a large store, the generated
    # task_queue_key column and its index are untouched.
    op.add_column('outbound_order', sa.Column('hold_reason', sa.String(length=32), nullable=True))
    op.add_column('outbound_order', sa.Column('held_by', sa.String(length=64), nullable=True))
    op.add_column('outbound_order', sa.Column('held_at', sa.DateTime(), nullable=True))
    op.add_column('outbound_order', sa.Column('assigned_to', sa.String(length=64), nullable=True))
    op.add_column('outbound_order', sa.Column('assigned_at', sa.DateTime(), nullable=True))
    # Few orders are assigned: a partial index finds an operator's own orders at once.
    op.create_index(
        'ix_outbound_order_assigned_to',
        'outbound_order',
        ['assigned_to'],
        unique=False,
        sqlite_where=sa.text('assigned_to IS NOT NULL'),
    )


def downgrade() -> None:
    op.drop_index('ix_outbound_order_assigned_to', table_name='outbound_order')
    # SQLite drops plain (unindexed, unconstrained) columns in place.
    op.drop_column('outbound_order', 'assigned_at')
    op.drop_column('outbound_order', 'assigned_to')
    op.drop_column('outbound_order', 'held_at')
    op.drop_column('outbound_order', 'held_by')
    op.drop_column('outbound_order', 'hold_reason')
