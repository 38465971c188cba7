"""The feed's set-based receive builds outbox payloads and ids without the pydantic models:
the JSON the outbox's one serialiser writes of them must be byte for byte what the models
write and what the contract reads back, and the time-ordered ids must keep the shapes of the
random ones and never repeat."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from app import errors
from app.ids import new_event_ids, new_outbound_numbers
from app.outbox import feed_basis, payload_json, record_event
from app.services.allocation_payloads import allocation_payload, received_payload
from local_db.models import OutboxEvent
from local_db.store import Store
from oms_contract.events import (
    EventPayload,
    OutboundReceived,
    ReceiveResult,
    StockChanged,
    StockChangeType,
)
from tests.store.support import command

PAYLOAD: TypeAdapter[object] = TypeAdapter(EventPayload)
# Codes as the contract hands them over: stripped, 1..64 characters, any text inside.
codes = st.text(min_size=1, max_size=64).map(str.strip).filter(lambda s: 0 < len(s) <= 64)
quantities = st.integers(0, 10_000_000)


@given(command_id=codes, order_no=codes, shortage=st.none() | st.text(max_size=700))
def test_received_payload_is_what_the_model_writes(
    command_id: str, order_no: str, shortage: str | None
) -> None:
    doc = command("SO-1", [("SKU-A", 1)]).model_copy(
        update={"command_id": command_id, "order_no": order_no}
    )
    if shortage is not None:
        shortage = f"Not enough stock for order {order_no}: {shortage}."
    model = OutboundReceived(
        command_id=command_id,
        order_no=order_no,
        result=ReceiveResult.SUCCESS if shortage is None else ReceiveResult.FAIL,
        error_code=None if shortage is None else errors.StockShortage.code,
        error_message=None if shortage is None else shortage[:500],
    )
    written = payload_json(received_payload(doc.command_id, doc.order_no, shortage))
    assert written == model.model_dump_json()
    assert PAYLOAD.validate_json(written) == model


@given(warehouse=codes, owner=codes, sku=codes, change=quantities, available=quantities)
def test_allocation_payload_is_what_the_model_writes(
    warehouse: str, owner: str, sku: str, change: int, available: int
) -> None:
    model = StockChanged(
        warehouse_id=warehouse,
        owner_id=owner,
        sku_id=sku,
        change_type=StockChangeType.ALLOCATION,
        change_qty=-change,
        available_qty=available,
        movements=[],
    )
    written = payload_json(allocation_payload(warehouse, (owner, sku), -change, available))
    assert written == model.model_dump_json()
    assert PAYLOAD.validate_json(written) == model


def test_an_allocation_payload_out_of_the_contract_is_refused_as_the_model_would() -> None:
    try:
        allocation_payload("WH1", ("OW1", "SKU-A"), -1, 10_000_001)
    except ValidationError:
        return
    raise AssertionError("an available_qty above the contract's bound was written")


def test_event_ids_are_uuid7_hex_rising_and_unique() -> None:
    ids = new_event_ids(5000) + new_event_ids(5000)
    assert all(re.fullmatch(r"[0-9a-f]{12}7[0-9a-f]{3}[89ab][0-9a-f]{15}", i) for i in ids)
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)


def test_outbound_numbers_keep_their_shape_rise_and_never_repeat() -> None:
    numbers = new_outbound_numbers(70_000) + new_outbound_numbers(10)
    assert all(re.fullmatch(r"WO[0-9A-F]{16}", n) for n in numbers)
    assert numbers == sorted(numbers)
    assert len(set(numbers)) == len(numbers)


@pytest.mark.parametrize("given_basis", [None, 3])
def test_a_stock_report_gets_its_feed_basis_through_the_one_serialiser(
    store: Store, given_basis: int | None
) -> None:
    """The basis is set on the payload before the outbox serialises it: the row holds what
    the model with that ``feed_cursor`` writes, byte for byte (a basis already given stays)."""
    report = StockChanged(
        warehouse_id="WH1",
        owner_id="OW1",
        sku_id="SKU-A",
        change_type=StockChangeType.ALLOCATION,
        change_qty=-1,
        available_qty=4,
        feed_cursor=given_basis,
    )
    with store.unit_of_work() as uow:
        with feed_basis(uow, 7):
            recorded = record_event(uow, report, "P1")
        uow.commit()
    with store.read_session() as session:
        row = session.get_one(OutboxEvent, recorded.id)
    expected = report.model_copy(update={"feed_cursor": given_basis or 7})
    assert row.payload_json == expected.model_dump_json()
    assert row.payload_json.endswith(f',"feed_cursor":{given_basis or 7}}}')
