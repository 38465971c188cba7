"""order claims (#14): the current claim per order and the claim log

``order_claim`` holds who works an order now (its lease, how it was granted);
``order_claim_log`` every grant, release and conflict, for the supervisor's audit. Created
only where missing: a database that a build of the claims work made before migrations
existed already has them when it is adopted at 0001.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('order_claim',
    sa.Column('order_no', sa.String(length=64), nullable=False),
    sa.Column('warehouse_id', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('granted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('lease_expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('how', sa.String(length=16), nullable=False),
    sa.Column('granted_by', sa.String(length=500), nullable=True),
    sa.PrimaryKeyConstraint('order_no'),
    if_not_exists=True,
    )
    op.create_index('ix_order_claim_device_id', 'order_claim', ['device_id'], unique=False, if_not_exists=True)
    op.create_index('ix_order_claim_lease_expires_at', 'order_claim', ['lease_expires_at'], unique=False, if_not_exists=True)
    op.create_index('ix_order_claim_warehouse_id', 'order_claim', ['warehouse_id'], unique=False, if_not_exists=True)

    op.create_table('order_claim_log',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('warehouse_id', sa.String(length=64), nullable=False),
    sa.Column('order_no', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('detail', sa.String(length=40), nullable=False),
    sa.Column('other_device_id', sa.String(length=64), nullable=True),
    sa.Column('granted_by', sa.String(length=500), nullable=True),
    sa.Column('lease_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    if_not_exists=True,
    )
    op.create_index('ix_order_claim_log_order_no', 'order_claim_log', ['order_no'], unique=False, if_not_exists=True)


def downgrade() -> None:
    with op.batch_alter_table('order_claim_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_order_claim_log_order_no'))

    op.drop_table('order_claim_log')
    with op.batch_alter_table('order_claim', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_order_claim_warehouse_id'))
        batch_op.drop_index(batch_op.f('ix_order_claim_lease_expires_at'))
        batch_op.drop_index(batch_op.f('ix_order_claim_device_id'))

    op.drop_table('order_claim')