"""initial schema: the reference OMS's tables as the last build before migrations made them

Written out in full (one operation per table and index, nothing imported from the models), so a
later change to the models cannot change what this revision does. A database made by that
build (tables, no ``alembic_version``) is brought to this shape and stamped instead
(``oms_server/schema_adoption.py``). ``UtcDateTime`` is stored as
``DateTime(timezone=True)``: the type decorator converts in Python, not in the database.

Revision ID: 0001
Revises:
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('accepted_event',
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('station_id', sa.String(length=64), nullable=False),
    sa.Column('station_seq', sa.BigInteger(), nullable=False),
    sa.Column('warehouse_id', sa.String(length=64), nullable=False),
    sa.Column('event_type', sa.String(length=40), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('latency_ms', sa.BigInteger(), nullable=True),
    sa.Column('feed_seq', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('event_id')
    )
    op.create_index('ix_accepted_event_received', 'accepted_event', ['received_at'], unique=False)
    op.create_index(op.f('ix_accepted_event_station_id'), 'accepted_event', ['station_id'], unique=False)
    op.create_index('ix_accepted_event_type_received', 'accepted_event', ['event_type', 'received_at'], unique=False)
    op.create_table('enrolment_key',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('warehouse_id', sa.String(length=64), nullable=True),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('max_uses', sa.Integer(), nullable=True),
    sa.Column('uses', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key_hash')
    )
    op.create_table('inbound_order',
    sa.Column('inbound_no', sa.String(length=64), nullable=False),
    sa.Column('warehouse_id', sa.String(length=64), nullable=False),
    sa.Column('owner_id', sa.String(length=64), nullable=False),
    sa.Column('body_json', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('related_order_no', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('inbound_no')
    )
    op.create_index(op.f('ix_inbound_order_related_order_no'), 'inbound_order', ['related_order_no'], unique=False)
    op.create_index(op.f('ix_inbound_order_warehouse_id'), 'inbound_order', ['warehouse_id'], unique=False)
    op.create_table('location',
    sa.Column('warehouse_id', sa.String(length=64), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('data_json', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('warehouse_id', 'code')
    )
    op.create_table('logical_stock',
    sa.Column('warehouse_id', sa.String(length=64), nullable=False),
    sa.Column('owner_id', sa.String(length=64), nullable=False),
    sa.Column('sku_id', sa.String(length=64), nullable=False),
    sa.Column('on_hand', sa.BigInteger(), nullable=False),
    sa.Column('reserved', sa.BigInteger(), nullable=False),
    sa.Column('frozen', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('damaged', sa.BigInteger(), server_default='0', nullable=False),
    sa.Column('station_available_qty', sa.BigInteger(), nullable=True),
    sa.Column('station_reported_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('warehouse_id', 'owner_id', 'sku_id')
    )
    op.create_table('monitoring_alert',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('rule', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.String(length=64), nullable=False),
    sa.Column('warehouse_id', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('latest_value', sa.Float(), nullable=False),
    sa.Column('threshold', sa.Float(), nullable=False),
    sa.Column('raised_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_checked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('cleared_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('acknowledged_note', sa.String(length=500), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_monitoring_alert_raised', 'monitoring_alert', ['raised_at'], unique=False)
    op.create_index('ux_monitoring_alert_open', 'monitoring_alert', ['rule', 'subject'], unique=True, sqlite_where=sa.text('cleared_at IS NULL'), postgresql_where=sa.text('cleared_at IS NULL'))
    op.create_table('operator',
    sa.Column('warehouse_id', sa.String(length=64), nullable=False),
    sa.Column('badge_code', sa.String(length=64), nullable=False),
    sa.Column('data_json', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('warehouse_id', 'badge_code')
    )
    op.create_table('outbound_order',
    sa.Column('order_no', sa.String(length=64), nullable=False),
    sa.Column('command_id', sa.String(length=64), nullable=False),
    sa.Column('warehouse_id', sa.String(length=64), nullable=False),
    sa.Column('owner_id', sa.String(length=64), nullable=False),
    sa.Column('command_json', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('receive_result', sa.String(length=20), nullable=True),
    sa.Column('wms_outbound_no', sa.String(length=64), nullable=True),
    sa.Column('tracking_no', sa.String(length=64), nullable=True),
    sa.Column('carrier_code', sa.String(length=64), nullable=True),
    sa.Column('package_count', sa.Integer(), nullable=True),
    sa.Column('weight', sa.String(length=32), nullable=True),
    sa.Column('error_code', sa.String(length=64), nullable=True),
    sa.Column('error_message', sa.String(length=500), nullable=True),
    sa.Column('cancel_requested_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancel_refused', sa.Boolean(), nullable=False),
    sa.Column('reservation_open', sa.Boolean(), nullable=False),
    sa.Column('previous_routes_json', sa.Text(), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('command_feed_seq', sa.BigInteger(), nullable=True),
    sa.Column('deadline', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('order_no'),
    sa.UniqueConstraint('command_id')
    )
    op.create_index('ix_outbound_order_created', 'outbound_order', ['created_at'], unique=False)
    op.create_index('ix_outbound_order_status_created', 'outbound_order', ['status', 'created_at'], unique=False)
    op.create_index('ix_outbound_order_status_deadline', 'outbound_order', ['status', 'deadline'], unique=False)
    op.create_index(op.f('ix_outbound_order_warehouse_id'), 'outbound_order', ['warehouse_id'], unique=False)
    op.create_table('owner',
    sa.Column('owner_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.PrimaryKeyConstraint('owner_id')
    )
    op.create_table('rejected_event',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('station_id', sa.String(length=64), nullable=False),
    sa.Column('event_type', sa.String(length=40), nullable=False),
    sa.Column('error_code', sa.String(length=64), nullable=False),
    sa.Column('error_message', sa.String(length=500), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_rejected_event_event_id'), 'rejected_event', ['event_id'], unique=False)
    op.create_index('ix_rejected_event_received', 'rejected_event', ['received_at'], unique=False)
    op.create_table('station_stock_figure',
    sa.Column('warehouse_id', sa.String(length=64), nullable=False),
    sa.Column('owner_id', sa.String(length=64), nullable=False),
    sa.Column('sku_id', sa.String(length=64), nullable=False),
    sa.Column('station_id', sa.String(length=64), nullable=False),
    sa.Column('available_qty', sa.BigInteger(), nullable=True),
    sa.Column('feed_cursor', sa.BigInteger(), nullable=True),
    sa.Column('station_seq', sa.BigInteger(), nullable=True),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('feed_seq', sa.BigInteger(), nullable=True),
    sa.Column('coverage', sa.BigInteger(), nullable=True),
    sa.Column('last_movement_seq', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('warehouse_id', 'owner_id', 'sku_id', 'station_id')
    )
    op.create_table('warehouse',
    sa.Column('warehouse_id', sa.String(length=64), nullable=False),
    sa.Column('last_feed_seq', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('warehouse_id')
    )
    op.create_table('feed_entry',
    sa.Column('warehouse_id', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('body_json', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouse.warehouse_id'], ),
    sa.PrimaryKeyConstraint('warehouse_id', 'seq')
    )
    op.create_table('inbound_receipt',
    sa.Column('inbound_no', sa.String(length=64), nullable=False),
    sa.Column('sku_id', sa.String(length=64), nullable=False),
    sa.Column('expected_qty', sa.Integer(), nullable=False),
    sa.Column('received_qty', sa.Integer(), nullable=False),
    sa.Column('passed_qty', sa.Integer(), nullable=False),
    sa.Column('damaged_qty', sa.Integer(), server_default='0', nullable=False),
    sa.Column('quarantined_qty', sa.Integer(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['inbound_no'], ['inbound_order.inbound_no'], ),
    sa.PrimaryKeyConstraint('inbound_no', 'sku_id')
    )
    op.create_table('order_status_history',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('order_no', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=30), nullable=False),
    sa.Column('status_time', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('station_id', sa.String(length=64), nullable=True),
    sa.Column('event_id', sa.String(length=64), nullable=True),
    sa.Column('error_code', sa.String(length=64), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['order_no'], ['outbound_order.order_no'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_order_status_history_order_no'), 'order_status_history', ['order_no'], unique=False)
    op.create_table('outbound_line',
    sa.Column('order_no', sa.String(length=64), nullable=False),
    sa.Column('sku_id', sa.String(length=64), nullable=False),
    sa.Column('ordered_qty', sa.Integer(), nullable=False),
    sa.Column('picked_qty', sa.Integer(), nullable=False),
    sa.Column('shipped_qty', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['order_no'], ['outbound_order.order_no'], ),
    sa.PrimaryKeyConstraint('order_no', 'sku_id')
    )
    op.create_table('picked_line',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('order_no', sa.String(length=64), nullable=False),
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('line_json', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['order_no'], ['outbound_order.order_no'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_picked_line_order_no'), 'picked_line', ['order_no'], unique=False)
    op.create_table('sku',
    sa.Column('owner_id', sa.String(length=64), nullable=False),
    sa.Column('sku_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.Column('data_json', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['owner.owner_id'], ),
    sa.PrimaryKeyConstraint('owner_id', 'sku_id')
    )
    op.create_table('station',
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('warehouse_id', sa.String(length=64), nullable=False),
    sa.Column('station_name', sa.String(length=500), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('enrolled_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_push_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('feed_cursor', sa.BigInteger(), nullable=False),
    sa.Column('pseudo', sa.Boolean(), nullable=False),
    sa.Column('state', sa.String(length=16), server_default='active', nullable=False),
    sa.Column('confirm_before', sa.DateTime(timezone=True), nullable=True),
    sa.Column('enrolment_key_id', sa.Integer(), nullable=True),
    sa.Column('replaces_device_id', sa.String(length=64), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('contract_version', sa.Integer(), nullable=True),
    sa.Column('next_token_hash', sa.String(length=64), nullable=True),
    sa.Column('rotation_requested_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('station_version', sa.String(length=64), nullable=True),
    sa.Column('reported_pending', sa.Integer(), nullable=True),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouse.warehouse_id'], ),
    sa.PrimaryKeyConstraint('device_id'),
    sa.UniqueConstraint('token_hash')
    )
    op.create_index(op.f('ix_station_warehouse_id'), 'station', ['warehouse_id'], unique=False)
    op.create_table('station_version_policy',
    sa.Column('warehouse_id', sa.String(length=64), nullable=False),
    sa.Column('minimum_version', sa.String(length=32), nullable=True),
    sa.Column('recommended_version', sa.String(length=32), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouse.warehouse_id'], ),
    sa.PrimaryKeyConstraint('warehouse_id')
    )


def downgrade() -> None:
    op.drop_table('station_version_policy')
    op.drop_index(op.f('ix_station_warehouse_id'), table_name='station')
    op.drop_table('station')
    op.drop_table('sku')
    op.drop_index(op.f('ix_picked_line_order_no'), table_name='picked_line')
    op.drop_table('picked_line')
    op.drop_table('outbound_line')
    op.drop_index(op.f('ix_order_status_history_order_no'), table_name='order_status_history')
    op.drop_table('order_status_history')
    op.drop_table('inbound_receipt')
    op.drop_table('feed_entry')
    op.drop_table('warehouse')
    op.drop_table('station_stock_figure')
    op.drop_index('ix_rejected_event_received', table_name='rejected_event')
    op.drop_index(op.f('ix_rejected_event_event_id'), table_name='rejected_event')
    op.drop_table('rejected_event')
    op.drop_table('owner')
    op.drop_index(op.f('ix_outbound_order_warehouse_id'), table_name='outbound_order')
    op.drop_index('ix_outbound_order_status_deadline', table_name='outbound_order')
    op.drop_index('ix_outbound_order_status_created', table_name='outbound_order')
    op.drop_index('ix_outbound_order_created', table_name='outbound_order')
    op.drop_table('outbound_order')
    op.drop_table('operator')
    op.drop_index('ux_monitoring_alert_open', table_name='monitoring_alert', sqlite_where=sa.text('cleared_at IS NULL'), postgresql_where=sa.text('cleared_at IS NULL'))
    op.drop_index('ix_monitoring_alert_raised', table_name='monitoring_alert')
    op.drop_table('monitoring_alert')
    op.drop_table('logical_stock')
    op.drop_table('location')
    op.drop_index(op.f('ix_inbound_order_warehouse_id'), table_name='inbound_order')
    op.drop_index(op.f('ix_inbound_order_related_order_no'), table_name='inbound_order')
    op.drop_table('inbound_order')
    op.drop_table('enrolment_key')
    op.drop_index('ix_accepted_event_type_received', table_name='accepted_event')
    op.drop_index(op.f('ix_accepted_event_station_id'), table_name='accepted_event')
    op.drop_index('ix_accepted_event_received', table_name='accepted_event')
    op.drop_table('accepted_event')
