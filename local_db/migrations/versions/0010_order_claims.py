"""Order claims (#14): per order, the station holding its claim as this station knows it
(the holder, whether it is this station, the lease, how it was granted, an offline release
still to send).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'order_claim',
        sa.Column('order_no', sa.String(length=64), nullable=False),
        sa.Column('holder_device_id', sa.String(length=64), nullable=False),
        sa.Column('holder_station_name', sa.String(length=128), nullable=False),
        sa.Column('mine', sa.Boolean(), nullable=False),
        sa.Column('lease_expires_at', sa.DateTime(), nullable=True),
        sa.Column('granted_how', sa.String(length=16), nullable=False),
        sa.Column('pending_release', sa.String(length=16), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "granted_how IN ('ONLINE', 'BLOCK', 'OFFLINE_START', 'HANDOVER')",
            name=op.f('ck_order_claim_granted_how_known'),
        ),
        sa.PrimaryKeyConstraint('order_no', name=op.f('pk_order_claim')),
    )
    # The renewal of this station's own claims reads them by this index each round.
    op.create_index(op.f('ix_order_claim_mine'), 'order_claim', ['mine'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_order_claim_mine'), table_name='order_claim')
    op.drop_table('order_claim')
