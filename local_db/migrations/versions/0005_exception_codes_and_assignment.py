"""Exception records carry a detail code with arguments (worded by the UI in the operator's
language), an assignee, and the supervisor's decision as a code; indexes for the supervisor's
exception queue, audit trail and live board.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (nullable or with a default): no table rebuild on a large store.
    op.add_column('exception_record', sa.Column('detail_code', sa.String(length=64), nullable=True))
    op.add_column(
        'exception_record',
        sa.Column('detail_args_json', sa.Text(), nullable=False, server_default='{}'),
    )
    op.add_column('exception_record', sa.Column('assigned_to', sa.String(length=64), nullable=True))
    op.add_column('exception_record', sa.Column('assigned_at', sa.DateTime(), nullable=True))
    op.add_column(
        'exception_record', sa.Column('resolution_code', sa.String(length=32), nullable=True)
    )
    # The supervisor's exception queue filters open records by type, SKU and bin.
    op.create_index(
        'ix_exception_record_status_type',
        'exception_record',
        ['status', 'exception_type', 'id'],
        unique=False,
    )
    op.create_index('ix_exception_record_sku', 'exception_record', ['sku_id', 'id'], unique=False)
    op.create_index(
        'ix_exception_record_location', 'exception_record', ['location_code', 'id'], unique=False
    )
    # The audit trail filters by operator and action; the live board finds orders at risk.
    op.create_index('ix_audit_log_operator', 'audit_log', ['operator', 'id'], unique=False)
    op.create_index('ix_audit_log_action', 'audit_log', ['action', 'id'], unique=False)
    op.create_index(
        'ix_outbound_order_status_deadline', 'outbound_order', ['status', 'deadline'], unique=False
    )


def downgrade() -> None:
    op.drop_index('ix_outbound_order_status_deadline', table_name='outbound_order')
    op.drop_index('ix_audit_log_action', table_name='audit_log')
    op.drop_index('ix_audit_log_operator', table_name='audit_log')
    op.drop_index('ix_exception_record_location', table_name='exception_record')
    op.drop_index('ix_exception_record_sku', table_name='exception_record')
    op.drop_index('ix_exception_record_status_type', table_name='exception_record')
    with op.batch_alter_table('exception_record', schema=None) as batch_op:
        batch_op.drop_column('resolution_code')
        batch_op.drop_column('assigned_at')
        batch_op.drop_column('assigned_to')
        batch_op.drop_column('detail_args_json')
        batch_op.drop_column('detail_code')
