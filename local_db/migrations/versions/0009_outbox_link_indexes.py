"""Indexes on the two links to outbox rows (audit_log, exception_record), so pruning old
accepted outbox rows (sync/retention.py) finds the rows pointing at them by index: without
them SQLite's foreign-key check reads the whole audit log for every outbox row deleted.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_audit_log_outbox_event', 'audit_log', ['outbox_event_id'], unique=False)
    op.create_index(
        'ix_exception_record_outbox_event', 'exception_record', ['outbox_event_id'], unique=False
    )


def downgrade() -> None:
    op.drop_index('ix_exception_record_outbox_event', table_name='exception_record')
    op.drop_index('ix_audit_log_outbox_event', table_name='audit_log')
