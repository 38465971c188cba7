"""Batch-specified outbound (seed 003, 批次指定出库): an outbound line may name the batch the
OMS wants shipped; allocation then takes that line's units from stock of that batch only.
NULL: any batch (first expiry first out, as before).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (nullable): no table rebuild on a large store; old lines name no batch.
    op.add_column('outbound_line', sa.Column('batch_no', sa.String(length=64), nullable=True))


def downgrade() -> None:
    # SQLite drops a plain (unindexed, unconstrained) column in place.
    op.drop_column('outbound_line', 'batch_no')
