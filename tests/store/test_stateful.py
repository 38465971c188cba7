"""Random floor days: after every step the stock invariants hold, every committed action left
exactly its outbox events and one audit row, and every refused action left nothing at all.

Also checked after every step: the movements in the outbox add up, bin by bin and bucket by
bucket, to the station's stock rows, and a second station that hears only our events (as
the OMS feed forwards them) holds exactly the same physical stock.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlalchemy import func, select

from app.errors import FloorError
from app.feed.apply import apply_feed_entry
from app.outbox import load_payload
from app.services.adjusting import adjust_stock, mark_damaged
from app.services.allocation import receive_outbound_command
from app.services.cancelling import cancel_outbound, put_back
from app.services.counting import (
    CountedItem,
    approve_adjustment,
    start_cycle_count,
    submit_count,
)
from app.services.freezing import freeze_stock, unfreeze_stock
from app.services.moving import move_stock, putaway
from app.services.order_exceptions import BLOCKS_PACKING
from app.services.packing import pack_order
from app.services.picking import confirm_pick, short_pick
from app.services.receiving import ReceiptLine, receive_inbound
from app.services.shipping import ship_order
from app.supervision.exceptions import Reason, Resolution, resolve_exception
from app.supervision.held_orders import reallocate_on_request
from local_db.models import (
    AuditLog,
    CycleCount,
    ExceptionRecord,
    InboundOrder,
    OutboundOrder,
    OutboxEvent,
    PickTask,
    PutawayTask,
    PutBackTask,
    Stock,
    StockAdjustment,
)
from local_db.store import Store, UnitOfWork, open_store
from oms_contract.events import EventEnvelope
from oms_contract.sync_api import FeedEntry, InboundOrderCreated, StationEventAccepted
from tests.store.support import (
    BINS,
    DOCK,
    GTIN,
    OWNER,
    PICKER,
    SUPERVISOR,
    TODAY,
    WAREHOUSE,
    check_invariants,
    command,
    db_state,
    inbound,
    seed_master_data,
)

SKUS = ("SKU-A", "SKU-Z", "SKU-B")
BATCHES = {"L1": TODAY + dt.timedelta(days=30), "L2": TODAY + dt.timedelta(days=60)}
ALL_BINS = (*BINS, DOCK)
THRESHOLD = 5
index = st.integers(min_value=0, max_value=40)
quantity = st.integers(min_value=0, max_value=8)
MISTAKES = ["none", "none", "none", "none", "bin", "batch", "quantity"]

# Event types an action may leave, and the ones it must leave exactly once.
EXPECTED: dict[str, tuple[set[str], dict[str, int]]] = {
    "command": ({"outbound_received", "stock_changed"}, {"outbound_received": 1}),
    # A supervisor's request allocates every held order the stock covers: none, one or more.
    "allocate": ({"outbound_received", "stock_changed"}, {}),
    "pick": ({"outbound_status", "picked_lines"}, {"picked_lines": 1}),
    "short": ({"outbound_status", "picked_lines"}, {"picked_lines": 1}),
    "pack": ({"outbound_status"}, {"outbound_status": 1}),
    # A supervisor lets a short-picked order go: the OMS hears EXCEPTION / SHIP_PARTIAL.
    "ship_partial": ({"outbound_status"}, {"outbound_status": 1}),
    "ship": ({"outbound_status"}, {"outbound_status": 1}),
    "cancel": ({"cancel_result", "outbound_status", "stock_changed"}, {"cancel_result": 1}),
    "put_back": ({"stock_changed"}, {"stock_changed": 1}),
    "receive": ({"inbound_received", "stock_changed"}, {"inbound_received": 1}),
    "putaway": ({"stock_changed"}, {"stock_changed": 1}),
    "move": ({"stock_changed"}, {"stock_changed": 1}),
    "freeze": ({"stock_changed"}, {"stock_changed": 1}),
    "unfreeze": ({"stock_changed"}, {"stock_changed": 1}),
    "start_count": (set(), {}),
    "submit_count": ({"inventory_adjusted", "stock_changed"}, {}),
    "approve": ({"inventory_adjusted", "stock_changed"}, {"inventory_adjusted": 1}),
    "adjust": ({"inventory_adjusted", "stock_changed"}, {}),
    "damage": ({"stock_changed"}, {"stock_changed": 1}),
}

_template: Path | None = None


def _template_db() -> Path:
    """Migrate and seed once; every example starts from a copy (keeps the suite fast)."""
    global _template  # noqa: PLW0603
    if _template is None:
        folder = Path(tempfile.mkdtemp(prefix="wms-template-"))
        store = open_store(folder / "template.sqlite3")
        seed_master_data(store)
        store.close()
        _template = folder / "template.sqlite3"
    return _template


def _physical(store: Store) -> dict[tuple[Any, ...], tuple[int, int, int]]:
    with store.read_session() as session:
        return {
            (r.location_code, r.owner_id, r.sku_id, r.batch_no, r.expiry_date): (
                r.on_hand,
                r.frozen,
                r.damaged,
            )
            for r in session.scalars(select(Stock))
            if r.on_hand or r.frozen or r.damaged
        }


def _pick_from(items: list[Any], choice: int) -> Any | None:
    return items[choice % len(items)] if items else None


class FloorDay(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="wms-stateful-"))
        path = self.folder / "station.sqlite3"
        shutil.copy(_template_db(), path)
        self.store: Store = open_store(path)
        # A second station of the warehouse that only hears our accepted events by feed.
        shutil.copy(_template_db(), self.folder / "other.sqlite3")
        self.other: Store = open_store(self.folder / "other.sqlite3")
        self.forwarded_seq = 0
        self.orders = 0
        self.inbounds = 0
        self.feed_seq = 0

    def teardown(self) -> None:
        self.store.close()
        self.other.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- the checked action ---------------------------------------------------------------

    def act(self, name: str, action: Callable[[UnitOfWork], object]) -> bool:
        before = db_state(self.store)
        with self.store.read_session() as session:
            last_seq = session.scalar(select(func.max(OutboxEvent.station_seq))) or 0
            audit_rows = session.scalar(select(func.count(AuditLog.id))) or 0
        try:
            with self.store.unit_of_work() as uow:
                action(uow)
                uow.commit()
        except FloorError as refusal:
            assert refusal.reason
            assert db_state(self.store) == before, f"refused {name} changed the store"
            return False
        with self.store.read_session() as session:
            new = list(
                session.scalars(
                    select(OutboxEvent)
                    .where(OutboxEvent.station_seq > last_seq)
                    .order_by(OutboxEvent.station_seq)
                )
            )
            new_audit = (session.scalar(select(func.count(AuditLog.id))) or 0) - audit_rows
        assert [e.station_seq for e in new] == list(range(last_seq + 1, last_seq + 1 + len(new)))
        for event in new:
            load_payload(event)  # every payload is a valid contract payload
            assert event.operator
        allowed, exactly = EXPECTED[name]
        if name != "command":
            # Stock that arrives or is released re-allocates held orders: each one an
            # outbound_received SUCCESS, allocation stock_changed events and an audit row.
            payloads = [(e, json.loads(e.payload_json)) for e in new]
            reallocated = [p for e, p in payloads if e.event_type == "outbound_received"]
            assert all(p["result"] == "SUCCESS" for p in reallocated), (name, reallocated)
            new_audit -= len(reallocated)
            new = [
                e
                for e, p in payloads
                if e.event_type != "outbound_received" and p.get("change_type") != "allocation"
            ]
        kinds = Counter(e.event_type for e in new)
        assert set(kinds) <= allowed, (name, kinds)
        for kind, count in exactly.items():
            assert kinds[kind] == count, (name, kinds)
        assert new_audit == 1, (name, new_audit)
        return True

    def _rows(self, model: Any, *where: Any) -> list[Any]:
        with self.store.read_session() as session:
            return list(session.scalars(select(model).where(*where).order_by(model.id)))

    # --- inbound ------------------------------------------------------------------------------

    @initialize()
    def stock_up(self) -> None:
        self._announce_and_receive([("SKU-A", 6), ("SKU-Z", 6), ("SKU-B", 6)], batch="L1")
        for n, task in enumerate(self._rows(PutawayTask, PutawayTask.status == "open")):
            to = BINS[n % len(BINS)]
            assert self.act("putaway", lambda uow, t=task, to=to: putaway(uow, t.id, to, PICKER))

    def _announce_and_receive(
        self, lines: list[tuple[str, int]], batch: str, location: str = DOCK
    ) -> None:
        self.inbounds += 1
        self.feed_seq += 1
        inbound_no = f"IN-{self.inbounds}"
        entry = FeedEntry(
            seq=self.feed_seq,
            created_at=dt.datetime.now(dt.UTC),
            body=InboundOrderCreated(inbound=inbound(inbound_no, lines)),
        )
        with self.store.unit_of_work() as uow:
            apply_feed_entry(uow, entry, "ST-1")
            uow.commit()
        receipts = [
            ReceiptLine(n, qty, batch, BATCHES[batch]) if sku == "SKU-B" else ReceiptLine(n, qty)
            for n, (sku, qty) in enumerate(lines, start=1)
        ]
        self.act(
            "receive",
            lambda uow: receive_inbound(
                uow, inbound_no, receipts, location_code=location, operator=PICKER
            ),
        )

    @rule(
        sku=st.sampled_from(SKUS),
        qty=quantity,
        batch=st.sampled_from(sorted(BATCHES)),
        location=st.sampled_from(ALL_BINS),
    )
    def receive(self, sku: str, qty: int, batch: str, location: str) -> None:
        self._announce_and_receive([(sku, max(qty, 1))], batch, location)

    @rule(choice=index, to=st.sampled_from(BINS))
    def put_away(self, choice: int, to: str) -> None:
        task = _pick_from(self._rows(PutawayTask, PutawayTask.status == "open"), choice)
        if task is not None:
            self.act("putaway", lambda uow: putaway(uow, task.id, to, PICKER))

    # --- outbound -----------------------------------------------------------------------------

    @rule(sku=st.sampled_from(SKUS), qty=st.integers(1, 6), second=st.booleans())
    def new_command(self, sku: str, qty: int, second: bool) -> None:
        self.orders += 1
        items = [(sku, qty), ("SKU-A", 1)] if second else [(sku, qty)]
        self.act(
            "command",
            lambda uow: receive_outbound_command(uow, command(f"SO-{self.orders}", items), PICKER),
        )

    @rule()
    def retry_allocation(self) -> None:
        self.act("allocate", lambda uow: reallocate_on_request(uow, SUPERVISOR))

    @rule(choice=index, qty=quantity, mistake=st.sampled_from(MISTAKES))
    def pick(self, choice: int, qty: int, mistake: str) -> None:
        open_tasks = self._rows(PickTask, PickTask.status == "open")
        task = _pick_from(open_tasks or self._rows(PickTask), choice)
        if task is None:
            return
        location = task.location_code
        if mistake == "bin":
            location = BINS[(BINS.index(task.location_code) + 1) % len(BINS)]
        batch = "L9" if mistake == "batch" and task.batch_no else task.batch_no
        if mistake == "none":
            qty = max(1, min(qty, task.quantity - task.picked_qty - task.short_qty))
        self.act(
            "pick",
            lambda uow: confirm_pick(
                uow,
                task.id,
                location_code=location,
                barcode=GTIN.get(task.sku_id, "INT-Z"),
                quantity=qty,
                operator=PICKER,
                batch_no=batch,
            ),
        )

    @rule(choice=index, qty=quantity, reason=st.sampled_from(["NOT_FOUND", "DAMAGED", "BORED"]))
    def short(self, choice: int, qty: int, reason: str) -> None:
        task = _pick_from(self._rows(PickTask, PickTask.status == "open"), choice)
        if task is not None:
            self.act(
                "short",
                lambda uow: short_pick(uow, task.id, quantity=qty, reason=reason, operator=PICKER),
            )

    def _order_in(self, status: str, choice: int) -> OutboundOrder | None:
        ready = self._rows(OutboundOrder, OutboundOrder.status == status)
        # Mostly an order that is ready for the step; now and then any order (a refusal).
        candidates = ready if ready and choice % 5 else self._rows(OutboundOrder)
        return _pick_from(candidates, choice)

    @rule(choice=index, miss_one=st.sampled_from([False, False, False, True]))
    def pack(self, choice: int, miss_one: bool) -> None:
        order = self._order_in("PICKED", choice)
        if order is None:
            return
        with self.store.read_session() as session:
            loaded = session.get(OutboundOrder, order.id)
            assert loaded is not None
            codes = [
                GTIN.get(line.sku_id, "INT-Z")
                for line in loaded.lines
                for _ in range(line.picked_qty)
            ]
        if miss_one and codes:
            codes.pop()
        self.act("pack", lambda uow: pack_order(uow, order.order_no, codes, PICKER))

    @rule(choice=index, bad_weight=st.sampled_from([False, False, False, True]))
    def ship(self, choice: int, bad_weight: bool) -> None:
        order = self._order_in("PACKED", choice)
        if order is not None:
            weight = Decimal("-1") if bad_weight else Decimal("2.5")
            self.act(
                "ship",
                lambda uow: ship_order(
                    uow,
                    order.order_no,
                    tracking_no=f"T{order.id}",
                    carrier_code="SF",
                    package_count=1,
                    weight_kg=weight,
                    operator=PICKER,
                ),
            )

    @rule(choice=index)
    def cancel(self, choice: int) -> None:
        order = _pick_from(self._rows(OutboundOrder), choice)
        if order is not None:
            self.act("cancel", lambda uow: cancel_outbound(uow, order.order_no, "OMS"))

    @rule(choice=index, to=st.sampled_from(BINS))
    def put_goods_back(self, choice: int, to: str) -> None:
        task = _pick_from(self._rows(PutBackTask, PutBackTask.status == "open"), choice)
        if task is not None:
            self.act("put_back", lambda uow: put_back(uow, task.id, to, PICKER))

    @rule(choice=index, then=st.sampled_from(["step", "step", "step", "cancel", "put_back"]))
    def work_an_order(self, choice: int, then: str) -> None:
        """Move one order a correct step on (or cancel it, or put cancelled goods back), so
        whole lifecycles happen in a short run."""
        put_backs = self._rows(PutBackTask, PutBackTask.status == "open")
        if then == "put_back" and put_backs:
            task_id, to = put_backs[0].id, BINS[choice % len(BINS)]
            assert self.act("put_back", lambda uow: put_back(uow, task_id, to, PICKER))
            return
        busy = self._rows(
            OutboundOrder, OutboundOrder.status.in_(("ALLOCATED", "PICKING", "PICKED", "PACKED"))
        )
        order = _pick_from(busy, choice)
        if order is None:
            return
        if then == "cancel":
            assert self.act("cancel", lambda uow: cancel_outbound(uow, order.order_no, "OMS"))
            return
        for _ in range(3):  # a few correct steps in a row: lifecycles complete in short runs
            self._next_step(order.id)
            self.check_after_step()

    def _blocking_exceptions(self, order_no: str) -> list[int]:
        return [
            record.id
            for record in self._rows(
                ExceptionRecord,
                ExceptionRecord.order_no == order_no,
                ExceptionRecord.status == "open",
                ExceptionRecord.exception_type.in_(BLOCKS_PACKING),
            )
        ]

    def check_after_step(self) -> None:
        self.stock_is_consistent()
        self.movements_add_up_to_the_stock()
        self.another_station_converges()

    def _next_step(self, order_id: int) -> None:
        with self.store.read_session() as session:
            order = session.get(OutboundOrder, order_id)
            assert order is not None
        if order.status not in ("ALLOCATED", "PICKING", "PICKED", "PACKED"):
            return
        if order.status == "PACKED":
            self.act(
                "ship",
                lambda uow: ship_order(
                    uow,
                    order.order_no,
                    tracking_no=f"T{order.id}",
                    carrier_code="SF",
                    package_count=2,
                    weight_kg=Decimal("1.25"),
                    operator=PICKER,
                ),
            )
            return
        with self.store.read_session() as session:
            loaded = session.get(OutboundOrder, order.id)
            assert loaded is not None
            codes = [
                GTIN.get(line.sku_id, "INT-Z")
                for line in loaded.lines
                for _ in range(line.picked_qty)
            ]
            task = next((t for t in loaded.pick_tasks if t.status == "open"), None)
        if order.status == "PICKED":
            for blocking in self._blocking_exceptions(order.order_no):
                # The pack bench refuses it until a supervisor decides (#13.1).
                assert not self.act(
                    "pack", lambda uow: pack_order(uow, order.order_no, codes, PICKER)
                )
                assert self.act(
                    "ship_partial",
                    lambda uow, blocking=blocking: resolve_exception(
                        uow,
                        blocking,
                        SUPERVISOR,
                        Resolution.SHIP_PARTIAL,
                        reason=Reason.CUSTOMER_ACCEPTS_PARTIAL,
                    ),
                )
            packed = self.act("pack", lambda uow: pack_order(uow, order.order_no, codes, PICKER))
            assert packed or not codes
            return
        assert task is not None
        remaining = task.quantity - task.picked_qty - task.short_qty
        picked = self.act(
            "pick",
            lambda uow: confirm_pick(
                uow,
                task.id,
                location_code=task.location_code,
                barcode=GTIN.get(task.sku_id, "INT-Z"),
                quantity=remaining,
                operator=PICKER,
                batch_no=task.batch_no,
            ),
        )
        assert picked, "a correct pick was refused"

    # --- stock care ---------------------------------------------------------------------------

    def _some_row(self, choice: int) -> Stock | None:
        return _pick_from(self._rows(Stock, Stock.on_hand > 0), choice)

    @rule(choice=index, to=st.sampled_from(ALL_BINS), qty=quantity)
    def move(self, choice: int, to: str, qty: int) -> None:
        row = self._some_row(choice)
        if row is not None:
            self.act(
                "move",
                lambda uow: move_stock(
                    uow,
                    from_location=row.location_code,
                    to_location=to,
                    owner_id=row.owner_id,
                    sku_id=row.sku_id,
                    quantity=qty,
                    operator=PICKER,
                    batch_no=row.batch_no,
                ),
            )

    @rule(choice=index, qty=quantity, undo=st.booleans())
    def freeze(self, choice: int, qty: int, undo: bool) -> None:
        row = self._some_row(choice)
        if row is None:
            return
        service = unfreeze_stock if undo else freeze_stock
        self.act(
            "unfreeze" if undo else "freeze",
            lambda uow: service(
                uow,
                location_code=row.location_code,
                owner_id=row.owner_id,
                sku_id=row.sku_id,
                quantity=qty,
                operator=SUPERVISOR,  # a supervisor's decision (the service checks it)
                batch_no=row.batch_no,
            ),
        )

    @rule(bin_choice=index, drifts=st.lists(st.integers(-3, 8), max_size=3), exact=st.booleans())
    def count(self, bin_choice: int, drifts: list[int], exact: bool) -> None:
        """Count a bin: the counter finds the books give or take a few (more than the
        threshold now and then, which needs a supervisor)."""
        location = ALL_BINS[bin_choice % len(ALL_BINS)]
        open_counts = self._rows(
            CycleCount, CycleCount.location_code == location, CycleCount.status == "open"
        )
        if not open_counts:
            self.act("start_count", lambda uow: start_cycle_count(uow, location, PICKER))
            open_counts = self._rows(
                CycleCount, CycleCount.location_code == location, CycleCount.status == "open"
            )
        count_no = open_counts[0].count_no
        rows = self._rows(Stock, Stock.location_code == location, Stock.on_hand > 0)
        items = [
            CountedItem(
                row.owner_id,
                row.sku_id,
                row.on_hand if exact else max(0, row.on_hand + drift),
                row.batch_no,
                row.expiry_date,
            )
            for row, drift in zip(rows, [*drifts, *[0] * len(rows)], strict=False)
        ]
        self.act(
            "submit_count",
            lambda uow: submit_count(uow, count_no, items, operator=PICKER, threshold=THRESHOLD),
        )

    @rule(
        choice=index,
        qty=st.integers(-8, 8),
        reason=st.sampled_from(["LOST", "FOUND", "DAMAGE_WRITE_OFF", "CORRECTION"]),
        damage_first=st.booleans(),
    )
    def adjust(self, choice: int, qty: int, reason: str, damage_first: bool) -> None:
        row = self._some_row(choice)
        if row is None:
            return
        if damage_first:
            self.act(
                "damage",
                lambda uow: mark_damaged(
                    uow,
                    location_code=row.location_code,
                    owner_id=row.owner_id,
                    sku_id=row.sku_id,
                    quantity=abs(qty),
                    operator=PICKER,
                    batch_no=row.batch_no,
                ),
            )
        self.act(
            "adjust",
            lambda uow: adjust_stock(
                uow,
                location_code=row.location_code,
                owner_id=row.owner_id,
                sku_id=row.sku_id,
                quantity=qty,
                reason_code=reason,
                operator=PICKER,
                batch_no=row.batch_no,
                expiry_date=row.expiry_date,
                threshold=THRESHOLD,
            ),
        )

    @rule(choice=index, as_supervisor=st.booleans())
    def approve(self, choice: int, as_supervisor: bool) -> None:
        pending = self._rows(StockAdjustment, StockAdjustment.status == "pending_approval")
        adjustment = _pick_from(pending, choice)
        if adjustment is not None:
            badge = SUPERVISOR if as_supervisor else PICKER
            self.act(
                "approve", lambda uow: approve_adjustment(uow, adjustment.adjustment_no, badge)
            )

    # --- after every step -------------------------------------------------------------------

    @invariant()
    def stock_is_consistent(self) -> None:
        check_invariants(self.store)

    @invariant()
    def movements_add_up_to_the_stock(self) -> None:
        totals: dict[tuple[Any, ...], int] = defaultdict(int)
        with self.store.read_session() as session:
            for event in session.scalars(select(OutboxEvent)):
                payload = json.loads(event.payload_json)
                for m in payload.get("movements", []):
                    key = (
                        m["location_code"],
                        m["owner_id"],
                        m["sku_id"],
                        m["batch_no"],
                        m["expiry_date"],
                        m["bucket"],
                    )
                    totals[key] += m["delta"]
            for row in session.scalars(select(Stock)):
                base = (
                    row.location_code,
                    row.owner_id,
                    row.sku_id,
                    row.batch_no,
                    row.expiry_date.isoformat() if row.expiry_date else None,
                )
                for bucket, value in (
                    ("on_hand", row.on_hand),
                    ("frozen", row.frozen),
                    ("damaged", row.damaged),
                ):
                    assert totals.pop((*base, bucket), 0) == value, (base, bucket)
        assert all(v == 0 for v in totals.values()), totals

    @invariant()
    def another_station_converges(self) -> None:
        """Forward our new events to the other station as the OMS feed would; its physical
        stock (on-hand, frozen, damaged per bin and batch) must equal ours."""
        with self.store.read_session() as session:
            new = list(
                session.scalars(
                    select(OutboxEvent)
                    .where(OutboxEvent.station_seq > self.forwarded_seq)
                    .order_by(OutboxEvent.station_seq)
                )
            )
        for event in new:
            envelope = EventEnvelope(
                event_id=event.event_id,
                station_id="ST-1",
                station_seq=event.station_seq,
                warehouse_id=WAREHOUSE,
                operator=event.operator,
                occurred_at=event.occurred_at,
                payload=load_payload(event),
            )
            self.feed_seq += 1
            entry = FeedEntry(
                seq=self.feed_seq,
                created_at=event.occurred_at,
                body=StationEventAccepted(event=envelope),
            )
            with self.other.unit_of_work() as uow:
                apply_feed_entry(uow, entry, "ST-2")
                uow.commit()
            self.forwarded_seq = event.station_seq
        assert _physical(self.other) == _physical(self.store)
        with self.other.read_session() as session:
            assert session.scalars(select(ExceptionRecord)).all() == []

    @invariant()
    def inbound_orders_add_up(self) -> None:
        with self.store.read_session() as session:
            for received in session.scalars(select(InboundOrder)):
                for line in received.lines:
                    assert 0 <= line.damaged_qty <= line.received_qty


FloorDay.TestCase.settings = settings(
    max_examples=30,
    stateful_step_count=25,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_floor_day = FloorDay.TestCase
assert OWNER  # the seeded owner the machine works for


def test_floor_day_scripted() -> None:
    """One fixed day through the same checks, so every action kind is covered whatever
    sequences the random runs happen to draw."""
    day = FloorDay()
    try:
        day.stock_up()
        day.new_command(sku="SKU-B", qty=2, second=True)
        day.new_command(sku="SKU-Z", qty=1, second=False)
        day.new_command(sku="SKU-A", qty=50, second=False)  # shortage
        day.retry_allocation()
        day.short(choice=0, qty=1, reason="NOT_FOUND")
        day.pick(choice=0, qty=1, mistake="bin")
        day.pick(choice=0, qty=1, mistake="none")
        day.work_an_order(choice=0, then="cancel")  # SO-1 cancelled mid-pick
        day.work_an_order(choice=0, then="step")  # SO-2: picked, packed, shipped
        day.work_an_order(choice=0, then="put_back")
        day.receive(sku="SKU-A", qty=4, batch="L1", location=BINS[2])
        day.put_away(choice=0, to=BINS[1])
        day.move(choice=0, to=BINS[2], qty=1)
        day.freeze(choice=0, qty=1, undo=False)
        day.freeze(choice=0, qty=1, undo=True)
        day.count(bin_choice=0, drifts=[8], exact=False)
        day.approve(choice=0, as_supervisor=False)
        day.approve(choice=0, as_supervisor=True)
        day.count(bin_choice=1, drifts=[-2], exact=False)
        day.check_after_step()
        day.inbound_orders_add_up()
        with day.store.read_session() as session:
            kinds = set(session.scalars(select(OutboxEvent.event_type)))
            statuses = {o.order_no: o.status for o in session.scalars(select(OutboundOrder))}
        assert statuses == {"SO-1": "CANCELLED", "SO-2": "SHIPPED", "SO-3": "SHORTAGE"}
        assert [t.status for t in day._rows(PutBackTask)] == ["done"]
        assert [a.status for a in day._rows(StockAdjustment)][:1] == ["applied"]
        assert kinds == {
            "outbound_received",
            "stock_changed",
            "outbound_status",
            "picked_lines",
            "cancel_result",
            "inbound_received",
            "inventory_adjusted",
        }
    finally:
        day.teardown()
