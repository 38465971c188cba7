"""The station's SQLite schema (SQLAlchemy 2.0 typed ORM). Changed only through the
Alembic migrations in ``local_db/migrations``."""

from local_db.models.base import Base
from local_db.models.claims import CLAIM_GRANTS, OrderClaim
from local_db.models.inbound import InboundLine, InboundOrder, PutawayTask
from local_db.models.master_data import Barcode, Location, Operator, Owner, Sku
from local_db.models.outbound import (
    OUTBOUND_STATUSES,
    OutboundLine,
    OutboundOrder,
    PickTask,
    PutBackTask,
    Shipment,
)
from local_db.models.records import AuditLog, ExceptionRecord
from local_db.models.stock import (
    CycleCount,
    CycleCountLine,
    SerialNumber,
    Stock,
    StockAdjustment,
    StockMove,
)
from local_db.models.sync import OUTBOX_STATUSES, AppliedFeedEntry, OutboxEvent, SyncState
from local_db.models.work import WORK_KINDS, WorkInProgressScan

__all__ = [
    "CLAIM_GRANTS",
    "OUTBOUND_STATUSES",
    "OUTBOX_STATUSES",
    "WORK_KINDS",
    "AppliedFeedEntry",
    "AuditLog",
    "Barcode",
    "Base",
    "CycleCount",
    "CycleCountLine",
    "ExceptionRecord",
    "InboundLine",
    "InboundOrder",
    "Location",
    "Operator",
    "OrderClaim",
    "OutboundLine",
    "OutboundOrder",
    "OutboxEvent",
    "Owner",
    "PickTask",
    "PutBackTask",
    "PutawayTask",
    "SerialNumber",
    "Shipment",
    "Sku",
    "Stock",
    "StockAdjustment",
    "StockMove",
    "SyncState",
    "WorkInProgressScan",
]
