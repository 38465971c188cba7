"""Work in progress: every receipt, pack-verification and count scan is kept in the store
until the operator confirms, so a crash before CONFIRM loses none of them.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'work_in_progress_scan',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('work_kind', sa.String(length=16), nullable=False),
        sa.Column('work_key', sa.String(length=64), nullable=False),
        sa.Column('operator', sa.String(length=64), nullable=False),
        sa.Column('payload_json', sa.Text(), nullable=False),
        sa.Column('scanned_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "work_kind IN ('receive', 'pack', 'count')",
            name=op.f('ck_work_in_progress_scan_kind_known'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_work_in_progress_scan')),
    )
    op.create_index(
        'ix_work_in_progress_scan_work',
        'work_in_progress_scan',
        ['work_kind', 'work_key', 'id'],
        unique=False,
    )
    op.create_index(
        'ix_work_in_progress_scan_operator', 'work_in_progress_scan', ['operator', 'id'], unique=False
    )


def downgrade() -> None:
    op.drop_index('ix_work_in_progress_scan_operator', table_name='work_in_progress_scan')
    op.drop_index('ix_work_in_progress_scan_work', table_name='work_in_progress_scan')
    op.drop_table('work_in_progress_scan')
