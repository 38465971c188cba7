"""Applying OMS feed entries: every kind, idempotency, malformed entries, other stations."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import uuid
from decimal import Decimal

from sqlalchemy import select

from app import errors
from app.feed.apply import apply_feed_entry
from app.services.packing import pack_order
from app.services.shipping import ship_order
from local_db.models import Barcode, InboundOrder, Location, Operator, OutboundOrder, Sku, Stock
from local_db.store import Store
from oms_contract.documents import CancelRequest
from oms_contract.events import (
    EventEnvelope,
    InboundReceived,
    InboundReceivedLine,
    OutboundStatus,
    OutboundStatusChanged,
    PickedLine,
    PickedLines,
    StockBucket,
    StockChanged,
    StockChangeType,
    StockMovement,
)
from oms_contract.master_data import Barcode as BarcodeDoc
from oms_contract.master_data import (
    Location as LocationDoc,
)
from oms_contract.master_data import (
    MasterDataUpsert,
    OperatorRole,
    Owner,
)
from oms_contract.master_data import Operator as OperatorDoc
from oms_contract.master_data import Sku as SkuDoc
from oms_contract.sync_api import (
    CancelRequested,
    FeedBody,
    FeedEntry,
    InboundOrderCreated,
    MasterDataUpserted,
    OutboundCommandCreated,
    StationEventAccepted,
)
from tests.store.support import (
    BINS,
    DOCK,
    GTIN,
    OWNER,
    PICKER,
    WAREHOUSE,
    add_stock,
    check_invariants,
    command,
    db_state,
    events,
    exceptions,
    get,
    inbound,
    order,
    pick_all,
    run,
    stock_rows,
)

NOW = dt.datetime.now(dt.UTC)
_seq = itertools.count(1)


def _entry(body: FeedBody) -> FeedEntry:
    return FeedEntry(seq=next(_seq), created_at=NOW, body=body)


def apply(store: Store, body: FeedBody) -> str:
    return run(store, lambda uow: apply_feed_entry(uow, _entry(body), "ST-1"))


def malformed(store: Store, body: FeedBody) -> str:
    before = db_state(store)
    try:
        with store.unit_of_work() as uow:
            apply_feed_entry(uow, _entry(body), "ST-1")
            uow.commit()
    except errors.MalformedFeedEntry as refusal:
        assert db_state(store) == before
        return str(refusal)  # "MALFORMED_FEED_ENTRY reason key=value ..."
    raise AssertionError("the entry was applied")


def remote(payload: object, *, station_id: str = "ST-2", warehouse_id: str = WAREHOUSE) -> FeedBody:
    envelope = EventEnvelope.model_validate(
        {
            "event_id": uuid.uuid4().hex,
            "station_id": station_id,
            "station_seq": next(_seq),
            "warehouse_id": warehouse_id,
            "operator": "P9",
            "occurred_at": NOW,
            "payload": payload,
        }
    )
    return StationEventAccepted(event=envelope)


def move(
    location: str, delta: int, bucket: StockBucket = StockBucket.ON_HAND, sku: str = "SKU-A"
) -> StockMovement:
    return StockMovement(
        location_code=location, owner_id=OWNER, sku_id=sku, bucket=bucket, delta=delta
    )


# --- master data ---------------------------------------------------------------------------


def test_master_data_is_upserted(store: Store) -> None:
    data = MasterDataUpsert(
        owners=[Owner(owner_id="OW3", name="Third")],
        skus=[
            SkuDoc(
                owner_id="OW3",
                sku_id="T-1",
                name="Kettle",
                safety_stock=4,
                weight_kg="1.25",  # type: ignore[arg-type]
                barcodes=[BarcodeDoc(code="4006381333931")],
            ),
            SkuDoc(
                owner_id=OWNER,
                sku_id="SKU-A",
                name="Green tea 500ml (new)",
                barcodes=[BarcodeDoc(code="NEW-A", kind="INTERNAL")],  # type: ignore[arg-type]
            ),
        ],
        locations=[LocationDoc(code="B-01-01-01", zone="B", pick_sequence=99, frozen=True)],
        operators=[OperatorDoc(badge_code="P2", name="New picker", role=OperatorRole.SUPERVISOR)],
    )
    outcome = apply(store, MasterDataUpserted(master_data=data))
    assert "2 SKUs" in outcome
    kettle = get(store, Sku, ("OW3", "T-1"))
    assert (kettle.safety_stock, kettle.weight_grams) == (4, 1250)
    assert get(store, Sku, (OWNER, "SKU-A")).name == "Green tea 500ml (new)"
    with store.read_session() as session:
        codes = session.scalars(
            select(Barcode.code).where(Barcode.owner_id == OWNER, Barcode.sku_id == "SKU-A")
        ).all()
    assert codes == ["NEW-A"]  # the SKU's barcode list is replaced as a whole
    assert get(store, Location, "B-01-01-01").frozen
    assert get(store, Operator, "P2").role == "supervisor"


def test_malformed_master_data_changes_nothing(store: Store) -> None:
    ghost = MasterDataUpsert(skus=[SkuDoc(owner_id="GHOST", sku_id="X", name="x")])
    refusal = malformed(store, MasterDataUpserted(master_data=ghost))
    assert "sku_owner_unknown sku=X owner=GHOST" in refusal
    clash = MasterDataUpsert(
        owners=[Owner(owner_id="OW3", name="changed")],
        skus=[
            SkuDoc(
                owner_id=OWNER, sku_id="SKU-Z", name="z", barcodes=[BarcodeDoc(code=GTIN["SKU-A"])]
            )
        ],
    )
    assert "barcode_taken" in malformed(store, MasterDataUpserted(master_data=clash))


# --- outbound commands and cancels ---------------------------------------------------------


def test_command_creates_and_allocates_an_order_once(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 5)
    body = OutboundCommandCreated(command=command("SO-1", [("SKU-A", 2)]))
    assert apply(store, body) == "order SO-1 received and allocated"
    before = db_state(store)
    assert apply(store, body).startswith("duplicate")
    assert db_state(store) == before
    with store.read_session() as session:
        assert len(session.scalars(select(OutboundOrder)).all()) == 1
    assert [e["result"] for e in events(store, "outbound_received")] == ["SUCCESS"]


def test_command_short_of_stock(store: Store) -> None:
    outcome = apply(store, OutboundCommandCreated(command=command("SO-1", [("SKU-A", 2)])))
    assert "shortage" in outcome
    assert events(store, "outbound_received")[0]["error_code"] == "STOCK_SHORTAGE"
    assert len(exceptions(store, "STOCK_SHORTAGE")) == 1


def _cancel(order_no: str) -> CancelRequested:
    return CancelRequested(cancel=CancelRequest(order_no=order_no, warehouse_id=WAREHOUSE))


def test_cancel_requests(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 5)
    apply(store, OutboundCommandCreated(command=command("SO-1", [("SKU-A", 2)])))
    assert apply(store, _cancel("SO-1")) == "order SO-1 cancelled"
    assert apply(store, _cancel("SO-1")) == "order SO-1 was already cancelled"
    assert [e["result"] for e in events(store, "cancel_result")] == ["CANCELLED", "CANCELLED"]
    assert "cancel_of_unknown_order order=SO-404" in malformed(store, _cancel("SO-404"))
    check_invariants(store)


def test_cancel_mid_pick_and_after_shipping(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 5)
    apply(store, OutboundCommandCreated(command=command("SO-1", [("SKU-A", 2)])))
    apply(store, OutboundCommandCreated(command=command("SO-2", [("SKU-A", 1)])))
    pick_all(store, "SO-1")
    pick_all(store, "SO-2")
    assert "mid-pick" in apply(store, _cancel("SO-1"))
    assert order(store, "SO-1").cancelled_mid_pick
    run(store, lambda uow: pack_order(uow, "SO-2", [GTIN["SKU-A"]], PICKER))
    run(
        store,
        lambda uow: ship_order(
            uow,
            "SO-2",
            tracking_no="T1",
            carrier_code="SF",
            package_count=1,
            weight_kg=Decimal(1),
            operator=PICKER,  # type: ignore[arg-type]
        ),
    )
    assert "already shipped" in apply(store, _cancel("SO-2"))
    assert events(store, "cancel_result")[-1]["result"] == "REFUSED_ALREADY_SHIPPED"


# --- inbound orders ---------------------------------------------------------------------------


def test_inbound_orders(store: Store) -> None:
    document = inbound("IN-1", [("SKU-A", 5), ("SKU-B", 2)], inbound_type="RETURN")
    assert apply(store, InboundOrderCreated(inbound=document)) == "inbound IN-1 created"
    assert apply(store, InboundOrderCreated(inbound=document)).startswith("duplicate")
    with store.read_session() as session:
        created = session.scalars(select(InboundOrder)).one()
        assert created.inbound_type == "RETURN"
        assert [(line.sku_id, line.expected_qty) for line in created.lines] == [
            ("SKU-A", 5),
            ("SKU-B", 2),
        ]
    unknown = inbound("IN-2", [("SKU-A", 5), ("NOPE", 1)])
    assert "NOPE" in malformed(store, InboundOrderCreated(inbound=unknown))
    assert events(store) == []


# --- other stations ---------------------------------------------------------------------------


def test_own_events_are_skipped(store: Store) -> None:
    before = db_state(store)
    payload = StockChanged(
        warehouse_id=WAREHOUSE,
        owner_id=OWNER,
        sku_id="SKU-A",
        change_type=StockChangeType.MOVE,
        change_qty=0,
        available_qty=0,
        movements=[move(BINS[0], 5)],
    )
    outcome = run(
        store, lambda uow: apply_feed_entry(uow, _entry(remote(payload, station_id="ST-1")), "ST-1")
    )
    assert outcome.startswith("own event")
    assert db_state(store) == before


def test_remote_movements_apply(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 10)
    picked = PickedLines(
        order_no="SO-9",
        lines=[PickedLine(sku_id="SKU-A", quantity=3, location_code=BINS[0])],
        movements=[move(BINS[0], -3)],
    )
    apply(store, remote(picked))
    received = InboundReceived(
        inbound_no="IN-9",
        owner_id=OWNER,
        lines=[InboundReceivedLine(sku_id="SKU-A", expected_qty=2, received_qty=2)],
        movements=[move(DOCK, 2), move(DOCK, 2, StockBucket.DAMAGED)],
    )
    apply(store, remote(received))
    rows = {r.location_code: (r.on_hand, r.damaged) for r in stock_rows(store, "SKU-A")}
    assert rows == {BINS[0]: (7, 0), DOCK: (2, 2)}
    # A damaged putaway elsewhere: its removals apply in an order that keeps rows valid.
    putaway = StockChanged(
        warehouse_id=WAREHOUSE,
        owner_id=OWNER,
        sku_id="SKU-A",
        change_type=StockChangeType.MOVE,
        change_qty=0,
        available_qty=0,
        movements=[
            move(DOCK, -2),
            move(BINS[2], 2),
            move(DOCK, -2, StockBucket.DAMAGED),
            move(BINS[2], 2, StockBucket.DAMAGED),
        ],
    )
    apply(store, remote(putaway))
    rows = {r.location_code: (r.on_hand, r.damaged) for r in stock_rows(store, "SKU-A")}
    assert rows == {BINS[0]: (7, 0), DOCK: (0, 0), BINS[2]: (2, 2)}
    assert events(store) == []  # applying others' events never echoes back
    assert exceptions(store, "STOCK_DIFFERENCE") == []
    check_invariants(store)


def test_remote_picking_releases_local_reservations_first(store: Store) -> None:
    row = add_stock(store, BINS[0], "SKU-A", 3)
    apply(store, OutboundCommandCreated(command=command("SO-1", [("SKU-A", 3)])))
    assert get(store, Stock, row).locked == 3
    placed = order(store, "SO-1")
    status = OutboundStatusChanged(
        order_no="SO-1",
        wms_outbound_no="WO-REMOTE",
        status=OutboundStatus.PICKING,
        status_time=NOW,
    )
    assert "PICKING at ST-2" in apply(store, remote(status))
    picked = PickedLines(
        order_no="SO-1",
        lines=[PickedLine(sku_id="SKU-A", quantity=3, location_code=BINS[0])],
        movements=[move(BINS[0], -3)],
    )
    apply(store, remote(picked))
    stock = get(store, Stock, row)
    assert (stock.on_hand, stock.locked) == (0, 0)
    placed = order(store, "SO-1")
    assert placed.handled_remotely
    assert placed.status == "PICKING"
    assert all(task.status == "cancelled" for task in placed.pick_tasks)
    shipped = status.model_copy(update={"status": OutboundStatus.SHIPPED})
    apply(store, remote(shipped))
    assert order(store, "SO-1").status == "SHIPPED"
    assert exceptions(store, "STOCK_DIFFERENCE") == []
    check_invariants(store)


def test_remote_movement_never_books_away_local_reservations(store: Store) -> None:
    row = add_stock(store, BINS[0], "SKU-A", 3)
    apply(store, OutboundCommandCreated(command=command("SO-1", [("SKU-A", 2)])))
    changed = StockChanged(
        warehouse_id=WAREHOUSE,
        owner_id=OWNER,
        sku_id="SKU-A",
        change_type=StockChangeType.MOVE,
        change_qty=0,
        available_qty=0,
        movements=[move(BINS[0], -3), move(BINS[1], 3)],
    )
    apply(store, remote(changed))
    stock = get(store, Stock, row)
    assert (stock.on_hand, stock.locked) == (2, 2)
    (record,) = exceptions(store, "STOCK_DIFFERENCE")
    assert record.detail_code == "REMOTE_MOVE_UNBOOKABLE"
    assert json.loads(record.detail_args_json)["missing"] == "2"
    freeze = changed.model_copy(update={"movements": [move(BINS[0], 5, StockBucket.FROZEN)]})
    apply(store, remote(freeze))
    assert get(store, Stock, row).frozen == 0
    assert len(exceptions(store, "STOCK_DIFFERENCE")) == 2
    check_invariants(store)


def test_malformed_remote_events(store: Store) -> None:
    changed = StockChanged(
        warehouse_id=WAREHOUSE,
        owner_id=OWNER,
        sku_id="SKU-A",
        change_type=StockChangeType.MOVE,
        change_qty=0,
        available_qty=0,
        movements=[move(BINS[0], 5), move("Z-99", 1)],
    )
    assert "movement_bin_unknown bin=Z-99" in malformed(store, remote(changed))
    unknown_sku = changed.model_copy(update={"movements": [move(BINS[0], 1, sku="NOPE")]})
    assert "movement_sku_unknown sku=NOPE" in malformed(store, remote(unknown_sku))
    elsewhere = changed.model_copy(update={"movements": [move(BINS[0], 1)]})
    assert "WH9" in malformed(store, remote(elsewhere, warehouse_id="WH9"))


def test_a_barcode_can_move_to_another_sku_in_one_batch(store: Store) -> None:
    moved = MasterDataUpsert(
        skus=[
            SkuDoc(
                owner_id=OWNER,
                sku_id="SKU-Z",
                name="Soap",
                barcodes=[BarcodeDoc(code=GTIN["SKU-A"])],
            ),
            SkuDoc(owner_id=OWNER, sku_id="SKU-A", name="Tea", barcodes=[]),
        ]
    )
    apply(store, MasterDataUpserted(master_data=moved))
    assert get(store, Barcode, (GTIN["SKU-A"], OWNER)).sku_id == "SKU-Z"


def _status(order_no: str, status: OutboundStatus) -> OutboundStatusChanged:
    return OutboundStatusChanged(
        order_no=order_no, wms_outbound_no="WO-REMOTE", status=status, status_time=NOW
    )


def test_an_order_worked_at_two_stations_is_flagged_not_undone(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 5)
    apply(store, OutboundCommandCreated(command=command("SO-1", [("SKU-A", 2)])))
    pick_all(store, "SO-1")
    assert "two stations" in apply(store, remote(_status("SO-1", OutboundStatus.PICKING)))
    assert order(store, "SO-1").status == "PICKED"
    assert not order(store, "SO-1").handled_remotely
    assert len(exceptions(store, "ORDER_WORKED_TWICE")) == 1


def test_cancel_of_an_order_another_station_works(store: Store) -> None:
    row = add_stock(store, BINS[0], "SKU-A", 5)
    apply(store, OutboundCommandCreated(command=command("SO-1", [("SKU-A", 2)])))
    apply(store, remote(_status("SO-1", OutboundStatus.PICKING)))
    assert get(store, Stock, row).locked == 0
    before = len(events(store))
    assert "another station" in apply(store, _cancel("SO-1"))
    assert order(store, "SO-1").status == "CANCELLED"
    assert len(events(store)) == before  # the working station answers the OMS
    apply(store, remote(_status("SO-1", OutboundStatus.CANCELLED)))
    assert order(store, "SO-1").status == "CANCELLED"
    check_invariants(store)
