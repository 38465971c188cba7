"""What an exception record says happened, as a code with arguments.

Services write ``detail_code`` and ``detail_args_json`` (schema 0005) instead of English
prose; ``ui/exception_texts.py`` words each code in the operator's language. Arguments are
plain values (order, SKU, bin, quantities, codes), never personal data.
"""

from __future__ import annotations

import json
from typing import Final

CANCELLED_MID_PICK: Final = "CANCELLED_MID_PICK"
"""``status_before``, ``put_backs``: cancelled after picking began; goods to put back."""
COUNT_DIFFERENCE_PENDING: Final = "COUNT_DIFFERENCE_PENDING"
"""``adjustment``, ``counted``, ``expected``: a count above the threshold awaits a decision."""
ADJUSTMENT_PENDING: Final = "ADJUSTMENT_PENDING"
"""``adjustment``, ``reason``, ``qty``: a stock adjustment awaits a supervisor's decision."""
RESERVED_UNITS_MISSING: Final = "RESERVED_UNITS_MISSING"
"""``adjustment``, ``missing``: units reserved for orders are gone from the bin."""
RECEIPT_DIFFERENCE: Final = "RECEIPT_DIFFERENCE"
"""``differences``: ``#line SKU: received/expected`` for each line that differs."""
STOCK_SHORTAGE: Final = "STOCK_SHORTAGE"
"""``order``, ``short`` (``SKU qty`` pairs): not enough free stock to allocate the order."""
BATCH_NOT_MANAGED: Final = "BATCH_NOT_MANAGED"
"""``order``, ``command``, ``owner``, ``skus``: an outbound command names a batch of a SKU
this station keeps without batches; refused (the FAIL receipt's code)."""
STOCK_SHORTAGE_OF_BATCH: Final = "STOCK_SHORTAGE_OF_BATCH"
"""``order``, ``short`` (``SKU qty`` pairs, ``SKU (batch) qty`` for a line naming the batch
to ship): a line that names a batch is not covered by stock of that batch (seed 003)."""
WAREHOUSE_MISMATCH: Final = "WAREHOUSE_MISMATCH"
"""``order``, ``command``, ``warehouse``, ``station_warehouse``: an outbound command for
another warehouse was refused (outbound_received FAIL WAREHOUSE_MISMATCH, no order kept)."""
OWNER_NOT_FOUND: Final = "OWNER_NOT_FOUND"
"""``order``, ``command``, ``owner``: an outbound command for an owner this station's master
data lacks was refused (FAIL OWNER_NOT_FOUND, no order kept)."""
SKU_NOT_FOUND: Final = "SKU_NOT_FOUND"
"""``order``, ``command``, ``owner``, ``skus``: an outbound command for SKUs this station's
master data lacks was refused (FAIL SKU_NOT_FOUND, no order kept)."""
PRINTER_FAULT: Final = "PRINTER_FAULT"
"""``order``, ``fault``, ``operator``: the label printer failed while packing the order."""
SHORT_PICK: Final = "SHORT_PICK"
"""``qty``, ``sku``, ``bin``, ``reason`` (NOT_FOUND, DAMAGED)."""
ORDER_LOST_TO_OTHER_STATION: Final = "ORDER_LOST_TO_OTHER_STATION"
"""``event_type``, ``seq``, ``reject_code``, ``given_up``, ``put_backs``."""
ORDER_LOST_TO_CLAIM_HOLDER: Final = "ORDER_LOST_TO_CLAIM_HOLDER"
"""``event_type``, ``seq``, ``given_up``, ``put_backs``: the OMS refused this station's work
on an order another station held the claim of (ORDER_CLAIMED_ELSEWHERE, #14)."""
CLAIM_CONFLICT_AT_HOLDER: Final = "CLAIM_CONFLICT_AT_HOLDER"
"""``order``, ``station``: another station (device id) worked an order this station held the
claim of, offline; the OMS refused its work and that station puts the goods back (#14)."""
REMOTE_MOVE_UNBOOKABLE: Final = "REMOTE_MOVE_UNBOOKABLE"
"""``seq``, ``station``, ``missing``, ``bin``: another station's event moved more than is here."""
ORDER_WORKED_TWICE: Final = "ORDER_WORKED_TWICE"
"""``station``, ``remote_status``, ``local_status``."""
ORDER_EXCEPTION_RAISED: Final = "ORDER_EXCEPTION_RAISED"
"""``reason`` (ADDRESS_PROBLEM, GOODS_DAMAGED, CUSTOMER_REQUEST, OTHER), ``status``, ``by``,
``note``: an operator or supervisor stopped the order for manual handling."""
ORDER_NOT_STARTED_IN_TIME: Final = "ORDER_NOT_STARTED_IN_TIME"
"""``order``, ``status``, ``received``, ``hours``: received that long ago and not started
(seed 000 §5.2 超时未处理; app/supervision/overdue_orders.py)."""
ORDER_PAST_DEADLINE: Final = "ORDER_PAST_DEADLINE"
"""``order``, ``status``, ``deadline``: the command's deadline passed and it has not shipped."""
SCALE_FAULT: Final = "SCALE_FAULT"
"""``order``, ``fault`` (devices.scale_protocol.Fault: timeout, garbled, overload, underload,
busy, scale_error, wrong_unit, disconnected): the scale failed while an order waited to be
weighed; the packer may type the weight (audited)."""

DETAIL_CODES: Final = (
    CANCELLED_MID_PICK,
    COUNT_DIFFERENCE_PENDING,
    ADJUSTMENT_PENDING,
    RESERVED_UNITS_MISSING,
    RECEIPT_DIFFERENCE,
    STOCK_SHORTAGE,
    STOCK_SHORTAGE_OF_BATCH,
    WAREHOUSE_MISMATCH,
    OWNER_NOT_FOUND,
    SKU_NOT_FOUND,
    BATCH_NOT_MANAGED,
    SHORT_PICK,
    ORDER_LOST_TO_OTHER_STATION,
    ORDER_LOST_TO_CLAIM_HOLDER,
    CLAIM_CONFLICT_AT_HOLDER,
    REMOTE_MOVE_UNBOOKABLE,
    ORDER_WORKED_TWICE,
    ORDER_EXCEPTION_RAISED,
    ORDER_NOT_STARTED_IN_TIME,
    ORDER_PAST_DEADLINE,
    SCALE_FAULT,
    PRINTER_FAULT,
)
"""Every code the domain writes (the texts test checks each has words in every language)."""


def detail_args(**args: object) -> str:
    """The arguments as the JSON object stored in ``detail_args_json`` (values as text)."""
    return json.dumps({key: str(value) for key, value in args.items()}, sort_keys=True)


def adjustment_marker(adjustment_no: str) -> str:
    """The fragment of ``detail_args_json`` that ties a record to its adjustment."""
    return json.dumps({"adjustment": adjustment_no})[1:-1]
