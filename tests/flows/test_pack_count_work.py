"""Pack verification and count scans kept in the store until confirmed (#17.8b), the tracking
label checked before an order ships (#17.3), and what a count difference tells the
supervisor (#17.9)."""

from __future__ import annotations

from app.flows.base import FlowContext, OperatorInfo
from app.flows.count_flow import CountFlow
from app.flows.pack_flow import PackFlow
from app.flows.registry import default_flows
from app.flows.session import StationSession
from app.flows.view import CountDifference, Feedback, FlowView, Mode, PromptKey
from app.scanning.gs1 import parse_scan
from app.supervision.pending_adjustments import pending_adjustments
from local_db.models import Shipment
from local_db.store import Store
from station.config import DEFAULT_TRACKING_PATTERNS
from tests.flows.picking_helpers import pick_everything
from tests.flows.seed import PICKER_BADGE, add_inbound, add_order, add_stock
from tests.store.support import db_state

TEA = "4006381333931"
CODES = {"SKU-TEA": TEA, "SKU-PHONE": "96385074"}


def context(store: Store, **settings: object) -> FlowContext:
    return FlowContext(
        store,
        OperatorInfo(PICKER_BADGE, "Li Wei", "operator"),
        "WH1",
        **settings,  # type: ignore[arg-type]
    )


def view_of(result: object) -> FlowView:
    assert isinstance(result, FlowView), result
    return result


def picked_order(store: Store, order_no: str, qty: int, carrier: str = "SF") -> str:
    add_stock(store, "A-01-02-03", "SKU-TEA", 50)
    add_order(store, order_no, [("SKU-TEA", qty)], carrier=carrier)
    pick_everything(store, order_no, CODES)
    return order_no


def test_box_scans_survive_a_restart_and_resume_at_log_in(store: Store) -> None:
    order_no = picked_order(store, "SO-W", 5)
    flow = PackFlow(context(store), order_no)
    for _ in range(3):
        assert view_of(flow.on_scan(parse_scan(TEA))).feedback is Feedback.GOOD
    del flow  # the station dies
    session = StationSession(store, "WH1", default_flows())
    view = session.handle_scan(PICKER_BADGE).flow
    assert (view.mode, view.order_no, view.quantity_done) == (Mode.PACK, order_no, 3)
    assert view.message is not None and view.message.code == "work_resumed"
    session.handle_scan(TEA)
    view = session.handle_scan(TEA).flow
    assert view.prompt.key is PromptKey.TYPE_WEIGHT  # packed: exactly 5, none doubled


def ready_to_ship(store: Store, order_no: str, carrier: str) -> PackFlow:
    picked_order(store, order_no, 1, carrier)
    flow = PackFlow(context(store, carrier_tracking_patterns=DEFAULT_TRACKING_PATTERNS), order_no)
    flow.on_scan(parse_scan(TEA))
    flow.on_number("1.2")
    view = view_of(flow.on_number("1"))
    assert view.prompt.key is PromptKey.SCAN_TRACKING
    return flow


def test_an_item_bin_order_or_badge_is_not_a_tracking_number(store: Store) -> None:
    add_inbound(store, "PO-T", [("SKU-TEA", 1)])
    flow = ready_to_ship(store, "SO-T", "SF")
    refusals = {
        TEA: "tracking_is_item",
        "A-01-02-03": "tracking_is_bin",
        "SO-T": "tracking_is_order",
        "PO-T": "tracking_is_order",
        PICKER_BADGE: "tracking_is_badge",
        "CMD:NOPE": "tracking_is_command",
        "SF12345": "tracking_wrong_format",
        "YT1234567890123": "tracking_wrong_format",
    }
    before = db_state(store)
    for code, expected in refusals.items():
        view = view_of(flow.on_scan(parse_scan(code)))
        assert view.feedback is Feedback.BAD, code
        assert view.message is not None and view.message.code == expected, (code, view.message)
        assert view.message.args["scanned"] == code
        assert view.prompt.key is PromptKey.SCAN_TRACKING
    assert db_state(store) == before
    view = view_of(flow.on_scan(parse_scan("SF1234567890123")))
    assert view.feedback is Feedback.GOOD, view.message
    with store.read_session() as session:
        assert session.query(Shipment).one().tracking_no == "SF1234567890123"


def test_a_tracking_number_used_by_another_order_is_refused(store: Store) -> None:
    ready_to_ship(store, "SO-U1", "ZTO").on_scan(parse_scan("731234567890"))
    flow = ready_to_ship(store, "SO-U2", "ZTO")
    view = view_of(flow.on_scan(parse_scan("731234567890")))
    assert view.message is not None and view.message.code == "tracking_used"
    assert view.message.args == {"scanned": "731234567890", "order": "SO-U1"}


def test_count_scans_survive_a_restart(store: Store) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 40)
    flow = CountFlow(context(store))
    flow.on_scan(parse_scan("A-01-02-03"))
    flow.on_scan(parse_scan(TEA))
    flow.on_number("30")
    flow.on_scan(parse_scan(TEA))
    del flow
    session = StationSession(store, "WH1", default_flows())
    view = session.handle_scan(PICKER_BADGE).flow
    assert (view.mode, view.location_code, dict(view.details)) == (
        Mode.COUNT,
        "A-01-02-03",
        {"SKU-TEA": "31"},
    )


def test_a_count_difference_names_bin_sku_batch_expected_and_counted(store: Store) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 40)
    flow = CountFlow(context(store, count_difference_threshold=2))
    flow.on_scan(parse_scan("A-01-02-03"))
    flow.on_scan(parse_scan(TEA))
    flow.on_number("31")
    view = view_of(flow.on_command(parse_scan("CMD:CONFIRM").command))  # type: ignore[arg-type]
    assert view.prompt.key is PromptKey.SCAN_SUPERVISOR_BADGE
    assert view.count_differences == (
        CountDifference(
            location_code="A-01-02-03",
            sku_id="SKU-TEA",
            batch_no=None,
            expected_qty=40,
            counted_qty=31,
            difference=-9,
            needs_approval=True,
        ),
    )
    (pending,) = pending_adjustments(store)
    assert (
        pending.location_code,
        pending.sku_id,
        pending.batch_no,
        pending.expected_qty,
        pending.counted_qty,
        pending.difference,
    ) == ("A-01-02-03", "SKU-TEA", None, 40, 31, -9)
