"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('applied_feed_entry',
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('applied_at', sa.DateTime(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_applied_feed_entry'))
    )
    op.create_table('location',
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('zone', sa.String(length=64), nullable=False),
    sa.Column('pick_sequence', sa.Integer(), nullable=False),
    sa.Column('pickable', sa.Boolean(), nullable=False),
    sa.Column('frozen', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_location'))
    )
    op.create_table('operator',
    sa.Column('badge_code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('pin_hash', sa.String(length=256), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint("role IN ('operator', 'supervisor')", name=op.f('ck_operator_role_known')),
    sa.PrimaryKeyConstraint('badge_code', name=op.f('pk_operator'))
    )
    op.create_table('outbox_event',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('station_seq', sa.Integer(), nullable=False),
    sa.Column('event_type', sa.String(length=32), nullable=False),
    sa.Column('order_no', sa.String(length=64), nullable=True),
    sa.Column('payload_json', sa.Text(), nullable=False),
    sa.Column('operator', sa.String(length=64), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('accepted_at', sa.DateTime(), nullable=True),
    sa.Column('reject_code', sa.String(length=64), nullable=True),
    sa.Column('reject_message', sa.Text(), nullable=True),
    sa.Column('resolved_by', sa.String(length=64), nullable=True),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'accepted', 'rejected', 'discarded')", name=op.f('ck_outbox_event_status_known')),
    sa.CheckConstraint('station_seq >= 1', name=op.f('ck_outbox_event_station_seq_positive')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_event')),
    sa.UniqueConstraint('event_id', name=op.f('uq_outbox_event_event_id')),
    sa.UniqueConstraint('station_seq', name=op.f('uq_outbox_event_station_seq'))
    )
    with op.batch_alter_table('outbox_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_event_order_no'), ['order_no'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_event_status'), ['status'], unique=False)

    op.create_table('owner',
    sa.Column('owner_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.PrimaryKeyConstraint('owner_id', name=op.f('pk_owner'))
    )
    op.create_table('sync_state',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_sync_state'))
    )
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('operator', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('entity', sa.String(length=64), nullable=False),
    sa.Column('entity_key', sa.String(length=128), nullable=False),
    sa.Column('before_json', sa.Text(), nullable=True),
    sa.Column('after_json', sa.Text(), nullable=True),
    sa.Column('outbox_event_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['outbox_event_id'], ['outbox_event.id'], name=op.f('fk_audit_log_outbox_event_id_outbox_event')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    op.create_table('cycle_count',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('count_no', sa.String(length=64), nullable=False),
    sa.Column('location_code', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('counted_by', sa.String(length=64), nullable=True),
    sa.Column('counted_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("status IN ('open', 'pending_approval', 'completed')", name=op.f('ck_cycle_count_status_known')),
    sa.ForeignKeyConstraint(['location_code'], ['location.code'], name=op.f('fk_cycle_count_location_code_location')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cycle_count')),
    sa.UniqueConstraint('count_no', name=op.f('uq_cycle_count_count_no'))
    )
    op.create_table('exception_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('exception_type', sa.String(length=32), nullable=False),
    sa.Column('order_no', sa.String(length=64), nullable=True),
    sa.Column('sku_id', sa.String(length=64), nullable=True),
    sa.Column('location_code', sa.String(length=64), nullable=True),
    sa.Column('severity', sa.String(length=8), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('resolution', sa.Text(), nullable=True),
    sa.Column('resolved_by', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('outbox_event_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("severity IN ('low', 'medium', 'high')", name=op.f('ck_exception_record_severity_known')),
    sa.CheckConstraint("status IN ('open', 'resolved')", name=op.f('ck_exception_record_status_known')),
    sa.ForeignKeyConstraint(['outbox_event_id'], ['outbox_event.id'], name=op.f('fk_exception_record_outbox_event_id_outbox_event')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exception_record'))
    )
    with op.batch_alter_table('exception_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exception_record_exception_type'), ['exception_type'], unique=False)
        batch_op.create_index(batch_op.f('ix_exception_record_order_no'), ['order_no'], unique=False)
        batch_op.create_index(batch_op.f('ix_exception_record_status'), ['status'], unique=False)

    op.create_table('inbound_order',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inbound_no', sa.String(length=64), nullable=False),
    sa.Column('warehouse_id', sa.String(length=64), nullable=False),
    sa.Column('owner_id', sa.String(length=64), nullable=False),
    sa.Column('inbound_type', sa.String(length=16), nullable=False),
    sa.Column('related_order_no', sa.String(length=64), nullable=True),
    sa.Column('expected_at', sa.DateTime(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('received_by', sa.String(length=64), nullable=True),
    sa.Column('received_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("inbound_type IN ('PURCHASE', 'RETURN')", name=op.f('ck_inbound_order_type_known')),
    sa.CheckConstraint("status IN ('open', 'received')", name=op.f('ck_inbound_order_status_known')),
    sa.ForeignKeyConstraint(['owner_id'], ['owner.owner_id'], name=op.f('fk_inbound_order_owner_id_owner')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inbound_order')),
    sa.UniqueConstraint('inbound_no', name=op.f('uq_inbound_order_inbound_no'))
    )
    op.create_table('outbound_order',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('command_id', sa.String(length=64), nullable=False),
    sa.Column('order_no', sa.String(length=64), nullable=False),
    sa.Column('wms_outbound_no', sa.String(length=64), nullable=False),
    sa.Column('warehouse_id', sa.String(length=64), nullable=False),
    sa.Column('owner_id', sa.String(length=64), nullable=False),
    sa.Column('consignee', sa.String(length=500), nullable=False),
    sa.Column('phone', sa.String(length=500), nullable=False),
    sa.Column('province', sa.String(length=500), nullable=False),
    sa.Column('city', sa.String(length=500), nullable=False),
    sa.Column('district', sa.String(length=500), nullable=False),
    sa.Column('address', sa.String(length=500), nullable=False),
    sa.Column('carrier_code', sa.String(length=64), nullable=False),
    sa.Column('service_type', sa.String(length=64), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('deadline', sa.DateTime(), nullable=True),
    sa.Column('ext_info_json', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('cancelled_mid_pick', sa.Boolean(), nullable=False),
    sa.Column('handled_remotely', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('ALLOCATED', 'SHORTAGE', 'PICKING', 'PICKED', 'PACKED', 'SHIPPED', 'CANCELLED')", name=op.f('ck_outbound_order_status_known')),
    sa.ForeignKeyConstraint(['owner_id'], ['owner.owner_id'], name=op.f('fk_outbound_order_owner_id_owner')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbound_order')),
    sa.UniqueConstraint('command_id', name=op.f('uq_outbound_order_command_id')),
    sa.UniqueConstraint('order_no', name=op.f('uq_outbound_order_order_no')),
    sa.UniqueConstraint('wms_outbound_no', name=op.f('uq_outbound_order_wms_outbound_no'))
    )
    with op.batch_alter_table('outbound_order', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbound_order_status'), ['status'], unique=False)

    op.create_table('sku',
    sa.Column('owner_id', sa.String(length=64), nullable=False),
    sa.Column('sku_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.Column('safety_stock', sa.Integer(), nullable=False),
    sa.Column('batch_managed', sa.Boolean(), nullable=False),
    sa.Column('expiry_managed', sa.Boolean(), nullable=False),
    sa.Column('serial_managed', sa.Boolean(), nullable=False),
    sa.Column('weight_grams', sa.Integer(), nullable=True),
    sa.CheckConstraint('safety_stock >= 0', name=op.f('ck_sku_safety_stock_not_negative')),
    sa.CheckConstraint('weight_grams IS NULL OR weight_grams >= 0', name=op.f('ck_sku_weight_not_negative')),
    sa.ForeignKeyConstraint(['owner_id'], ['owner.owner_id'], name=op.f('fk_sku_owner_id_owner')),
    sa.PrimaryKeyConstraint('owner_id', 'sku_id', name=op.f('pk_sku'))
    )
    op.create_table('barcode',
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('owner_id', sa.String(length=64), nullable=False),
    sa.Column('sku_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['owner_id', 'sku_id'], ['sku.owner_id', 'sku.sku_id'], name=op.f('fk_barcode_owner_id_sku')),
    sa.PrimaryKeyConstraint('code', 'owner_id', name=op.f('pk_barcode'))
    )
    with op.batch_alter_table('barcode', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_barcode_sku_id'), ['sku_id'], unique=False)

    op.create_table('cycle_count_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_count_id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.String(length=64), nullable=False),
    sa.Column('sku_id', sa.String(length=64), nullable=False),
    sa.Column('batch_no', sa.String(length=64), nullable=True),
    sa.Column('expiry_date', sa.Date(), nullable=True),
    sa.Column('system_qty', sa.Integer(), nullable=False),
    sa.Column('counted_qty', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['cycle_count_id'], ['cycle_count.id'], name=op.f('fk_cycle_count_line_cycle_count_id_cycle_count')),
    sa.ForeignKeyConstraint(['owner_id', 'sku_id'], ['sku.owner_id', 'sku.sku_id'], name=op.f('fk_cycle_count_line_owner_id_sku')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cycle_count_line'))
    )
    with op.batch_alter_table('cycle_count_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cycle_count_line_cycle_count_id'), ['cycle_count_id'], unique=False)

    op.create_table('inbound_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inbound_id', sa.Integer(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('sku_id', sa.String(length=64), nullable=False),
    sa.Column('expected_qty', sa.Integer(), nullable=False),
    sa.Column('expected_batch_no', sa.String(length=64), nullable=True),
    sa.Column('expected_expiry_date', sa.Date(), nullable=True),
    sa.Column('received_qty', sa.Integer(), nullable=False),
    sa.Column('damaged_qty', sa.Integer(), nullable=False),
    sa.Column('batch_no', sa.String(length=64), nullable=True),
    sa.Column('expiry_date', sa.Date(), nullable=True),
    sa.Column('qc_result', sa.String(length=8), nullable=True),
    sa.Column('received_location', sa.String(length=64), nullable=True),
    sa.CheckConstraint("qc_result IS NULL OR qc_result IN ('PASS', 'FAIL')", name=op.f('ck_inbound_line_qc_known')),
    sa.CheckConstraint('damaged_qty <= received_qty', name=op.f('ck_inbound_line_damaged_within_received')),
    sa.CheckConstraint('expected_qty > 0', name=op.f('ck_inbound_line_expected_positive')),
    sa.CheckConstraint('received_qty >= 0', name=op.f('ck_inbound_line_received_not_negative')),
    sa.ForeignKeyConstraint(['inbound_id'], ['inbound_order.id'], name=op.f('fk_inbound_line_inbound_id_inbound_order')),
    sa.ForeignKeyConstraint(['received_location'], ['location.code'], name=op.f('fk_inbound_line_received_location_location')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inbound_line'))
    )
    with op.batch_alter_table('inbound_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inbound_line_inbound_id'), ['inbound_id'], unique=False)

    op.create_table('outbound_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('sku_id', sa.String(length=64), nullable=False),
    sa.Column('sku_name', sa.String(length=500), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('barcode', sa.String(length=64), nullable=True),
    sa.Column('picked_qty', sa.Integer(), nullable=False),
    sa.Column('short_qty', sa.Integer(), nullable=False),
    sa.Column('packed_qty', sa.Integer(), nullable=False),
    sa.CheckConstraint('packed_qty <= picked_qty', name=op.f('ck_outbound_line_packed_within_picked')),
    sa.CheckConstraint('picked_qty + short_qty <= quantity', name=op.f('ck_outbound_line_picked_within_ordered')),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_outbound_line_quantity_positive')),
    sa.ForeignKeyConstraint(['order_id'], ['outbound_order.id'], name=op.f('fk_outbound_line_order_id_outbound_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbound_line'))
    )
    with op.batch_alter_table('outbound_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbound_line_order_id'), ['order_id'], unique=False)

    op.create_table('put_back_task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.String(length=64), nullable=False),
    sa.Column('sku_id', sa.String(length=64), nullable=False),
    sa.Column('batch_no', sa.String(length=64), nullable=True),
    sa.Column('expiry_date', sa.Date(), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('suggested_location', sa.String(length=64), nullable=False),
    sa.Column('put_location', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('done_by', sa.String(length=64), nullable=True),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("status IN ('open', 'done')", name=op.f('ck_put_back_task_status_known')),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_put_back_task_quantity_positive')),
    sa.ForeignKeyConstraint(['order_id'], ['outbound_order.id'], name=op.f('fk_put_back_task_order_id_outbound_order')),
    sa.ForeignKeyConstraint(['put_location'], ['location.code'], name=op.f('fk_put_back_task_put_location_location')),
    sa.ForeignKeyConstraint(['suggested_location'], ['location.code'], name=op.f('fk_put_back_task_suggested_location_location')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_put_back_task'))
    )
    with op.batch_alter_table('put_back_task', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_put_back_task_order_id'), ['order_id'], unique=False)

    op.create_table('serial_number',
    sa.Column('owner_id', sa.String(length=64), nullable=False),
    sa.Column('sku_id', sa.String(length=64), nullable=False),
    sa.Column('serial_no', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('location_code', sa.String(length=64), nullable=True),
    sa.Column('batch_no', sa.String(length=64), nullable=True),
    sa.Column('outbound_order_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('in_stock', 'picked', 'shipped')", name=op.f('ck_serial_number_status_known')),
    sa.ForeignKeyConstraint(['location_code'], ['location.code'], name=op.f('fk_serial_number_location_code_location')),
    sa.ForeignKeyConstraint(['outbound_order_id'], ['outbound_order.id'], name=op.f('fk_serial_number_outbound_order_id_outbound_order')),
    sa.ForeignKeyConstraint(['owner_id', 'sku_id'], ['sku.owner_id', 'sku.sku_id'], name=op.f('fk_serial_number_owner_id_sku')),
    sa.PrimaryKeyConstraint('owner_id', 'sku_id', 'serial_no', name=op.f('pk_serial_number'))
    )
    op.create_table('shipment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('tracking_no', sa.String(length=64), nullable=False),
    sa.Column('carrier_code', sa.String(length=64), nullable=False),
    sa.Column('package_count', sa.Integer(), nullable=False),
    sa.Column('weight_grams', sa.Integer(), nullable=False),
    sa.Column('shipped_by', sa.String(length=64), nullable=False),
    sa.Column('shipped_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('package_count >= 1', name=op.f('ck_shipment_package_count_positive')),
    sa.CheckConstraint('weight_grams >= 0', name=op.f('ck_shipment_weight_not_negative')),
    sa.ForeignKeyConstraint(['order_id'], ['outbound_order.id'], name=op.f('fk_shipment_order_id_outbound_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shipment')),
    sa.UniqueConstraint('order_id', name=op.f('uq_shipment_order_id'))
    )
    op.create_table('stock',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('location_code', sa.String(length=64), nullable=False),
    sa.Column('owner_id', sa.String(length=64), nullable=False),
    sa.Column('sku_id', sa.String(length=64), nullable=False),
    sa.Column('batch_no', sa.String(length=64), nullable=True),
    sa.Column('expiry_date', sa.Date(), nullable=True),
    sa.Column('on_hand', sa.Integer(), nullable=False),
    sa.Column('locked', sa.Integer(), nullable=False),
    sa.Column('frozen', sa.Integer(), nullable=False),
    sa.Column('damaged', sa.Integer(), nullable=False),
    sa.CheckConstraint('damaged >= 0', name=op.f('ck_stock_damaged_not_negative')),
    sa.CheckConstraint('frozen + damaged <= on_hand', name=op.f('ck_stock_holds_within_on_hand')),
    sa.CheckConstraint('frozen >= 0', name=op.f('ck_stock_frozen_not_negative')),
    sa.CheckConstraint('locked <= on_hand', name=op.f('ck_stock_locked_within_on_hand')),
    sa.CheckConstraint('locked >= 0', name=op.f('ck_stock_locked_not_negative')),
    sa.CheckConstraint('on_hand >= 0', name=op.f('ck_stock_on_hand_not_negative')),
    sa.ForeignKeyConstraint(['location_code'], ['location.code'], name=op.f('fk_stock_location_code_location')),
    sa.ForeignKeyConstraint(['owner_id', 'sku_id'], ['sku.owner_id', 'sku.sku_id'], name=op.f('fk_stock_owner_id_sku')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stock'))
    )
    with op.batch_alter_table('stock', schema=None) as batch_op:
        batch_op.create_index('ix_stock_owner_sku', ['owner_id', 'sku_id'], unique=False)
        batch_op.create_index('ix_stock_slot', ['location_code', 'owner_id', 'sku_id', 'batch_no', 'expiry_date'], unique=False)

    op.create_table('stock_adjustment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('adjustment_no', sa.String(length=64), nullable=False),
    sa.Column('location_code', sa.String(length=64), nullable=False),
    sa.Column('owner_id', sa.String(length=64), nullable=False),
    sa.Column('sku_id', sa.String(length=64), nullable=False),
    sa.Column('batch_no', sa.String(length=64), nullable=True),
    sa.Column('expiry_date', sa.Date(), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('reason_code', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('cycle_count_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('approved_by', sa.String(length=64), nullable=True),
    sa.Column('approved_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("status IN ('pending_approval', 'applied', 'rejected')", name=op.f('ck_stock_adjustment_status_known')),
    sa.ForeignKeyConstraint(['cycle_count_id'], ['cycle_count.id'], name=op.f('fk_stock_adjustment_cycle_count_id_cycle_count')),
    sa.ForeignKeyConstraint(['location_code'], ['location.code'], name=op.f('fk_stock_adjustment_location_code_location')),
    sa.ForeignKeyConstraint(['owner_id', 'sku_id'], ['sku.owner_id', 'sku.sku_id'], name=op.f('fk_stock_adjustment_owner_id_sku')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_adjustment')),
    sa.UniqueConstraint('adjustment_no', name=op.f('uq_stock_adjustment_adjustment_no'))
    )
    op.create_table('stock_move',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('from_location', sa.String(length=64), nullable=False),
    sa.Column('to_location', sa.String(length=64), nullable=False),
    sa.Column('owner_id', sa.String(length=64), nullable=False),
    sa.Column('sku_id', sa.String(length=64), nullable=False),
    sa.Column('batch_no', sa.String(length=64), nullable=True),
    sa.Column('expiry_date', sa.Date(), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=False),
    sa.Column('moved_by', sa.String(length=64), nullable=False),
    sa.Column('moved_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_stock_move_quantity_positive')),
    sa.ForeignKeyConstraint(['from_location'], ['location.code'], name=op.f('fk_stock_move_from_location_location')),
    sa.ForeignKeyConstraint(['owner_id', 'sku_id'], ['sku.owner_id', 'sku.sku_id'], name=op.f('fk_stock_move_owner_id_sku')),
    sa.ForeignKeyConstraint(['to_location'], ['location.code'], name=op.f('fk_stock_move_to_location_location')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_move'))
    )
    op.create_table('pick_task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('line_id', sa.Integer(), nullable=False),
    sa.Column('stock_id', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('location_code', sa.String(length=64), nullable=False),
    sa.Column('sku_id', sa.String(length=64), nullable=False),
    sa.Column('batch_no', sa.String(length=64), nullable=True),
    sa.Column('expiry_date', sa.Date(), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('picked_qty', sa.Integer(), nullable=False),
    sa.Column('short_qty', sa.Integer(), nullable=False),
    sa.Column('short_reason', sa.String(length=64), nullable=True),
    sa.Column('serials_json', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('picked_by', sa.String(length=64), nullable=True),
    sa.Column('picked_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("status IN ('open', 'done', 'cancelled')", name=op.f('ck_pick_task_status_known')),
    sa.CheckConstraint('picked_qty + short_qty <= quantity', name=op.f('ck_pick_task_picked_within_task')),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_pick_task_quantity_positive')),
    sa.ForeignKeyConstraint(['line_id'], ['outbound_line.id'], name=op.f('fk_pick_task_line_id_outbound_line')),
    sa.ForeignKeyConstraint(['location_code'], ['location.code'], name=op.f('fk_pick_task_location_code_location')),
    sa.ForeignKeyConstraint(['order_id'], ['outbound_order.id'], name=op.f('fk_pick_task_order_id_outbound_order')),
    sa.ForeignKeyConstraint(['stock_id'], ['stock.id'], name=op.f('fk_pick_task_stock_id_stock')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pick_task'))
    )
    with op.batch_alter_table('pick_task', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pick_task_order_id'), ['order_id'], unique=False)

    op.create_table('putaway_task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inbound_line_id', sa.Integer(), nullable=False),
    sa.Column('stock_id', sa.Integer(), nullable=False),
    sa.Column('from_location', sa.String(length=64), nullable=False),
    sa.Column('to_location', sa.String(length=64), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('damaged', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('done_by', sa.String(length=64), nullable=True),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("status IN ('open', 'done')", name=op.f('ck_putaway_task_status_known')),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_putaway_task_quantity_positive')),
    sa.ForeignKeyConstraint(['from_location'], ['location.code'], name=op.f('fk_putaway_task_from_location_location')),
    sa.ForeignKeyConstraint(['inbound_line_id'], ['inbound_line.id'], name=op.f('fk_putaway_task_inbound_line_id_inbound_line')),
    sa.ForeignKeyConstraint(['stock_id'], ['stock.id'], name=op.f('fk_putaway_task_stock_id_stock')),
    sa.ForeignKeyConstraint(['to_location'], ['location.code'], name=op.f('fk_putaway_task_to_location_location')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_putaway_task'))
    )
    with op.batch_alter_table('putaway_task', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_putaway_task_inbound_line_id'), ['inbound_line_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('putaway_task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_putaway_task_inbound_line_id'))

    op.drop_table('putaway_task')
    with op.batch_alter_table('pick_task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pick_task_order_id'))

    op.drop_table('pick_task')
    op.drop_table('stock_move')
    op.drop_table('stock_adjustment')
    with op.batch_alter_table('stock', schema=None) as batch_op:
        batch_op.drop_index('ix_stock_slot')
        batch_op.drop_index('ix_stock_owner_sku')

    op.drop_table('stock')
    op.drop_table('shipment')
    op.drop_table('serial_number')
    with op.batch_alter_table('put_back_task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_put_back_task_order_id'))

    op.drop_table('put_back_task')
    with op.batch_alter_table('outbound_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbound_line_order_id'))

    op.drop_table('outbound_line')
    with op.batch_alter_table('inbound_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inbound_line_inbound_id'))

    op.drop_table('inbound_line')
    with op.batch_alter_table('cycle_count_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cycle_count_line_cycle_count_id'))

    op.drop_table('cycle_count_line')
    with op.batch_alter_table('barcode', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_barcode_sku_id'))

    op.drop_table('barcode')
    op.drop_table('sku')
    with op.batch_alter_table('outbound_order', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbound_order_status'))

    op.drop_table('outbound_order')
    op.drop_table('inbound_order')
    with op.batch_alter_table('exception_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exception_record_status'))
        batch_op.drop_index(batch_op.f('ix_exception_record_order_no'))
        batch_op.drop_index(batch_op.f('ix_exception_record_exception_type'))

    op.drop_table('exception_record')
    op.drop_table('cycle_count')
    op.drop_table('audit_log')
    op.drop_table('sync_state')
    op.drop_table('owner')
    with op.batch_alter_table('outbox_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_event_status'))
        batch_op.drop_index(batch_op.f('ix_outbox_event_order_no'))

    op.drop_table('outbox_event')
    op.drop_table('operator')
    op.drop_table('location')
    op.drop_table('applied_feed_entry')
