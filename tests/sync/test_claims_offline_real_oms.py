"""Order claims at an offline station (#14): real station stores enrolled with the real OMS,
then cut off from it (a refused connection), driven through the real pick flow.

Seed 003 (分离模型 / 统一模型的缺点: "网络依赖性强 … 如果网络中断，仓库作业可能完全无法进行，
缺乏离线工作能力"): a station keeps working offline the orders whose claims it holds; seed 002
§模块2 (分布式锁, 并发控制): an order no station holds is not started blindly offline unless
the warehouse allows it.
"""

from __future__ import annotations

from app.flows.view import Feedback, PromptKey
from tests.sync.claim_stations import (
    LAMP,
    LAMP_BIN,
    LAMP_ORDER,
    audit_actions,
    claim_row,
    gate,
    message_of,
    offline,
    open_exceptions,
    picker,
    scan,
)
from tests.sync.floor_work import barcode_of, order_status
from tests.sync.real_oms import TwoStations, sync_round


def test_offline_an_unclaimed_order_is_refused_with_why_and_nothing_changes(
    two_stations: TwoStations,
) -> None:
    (store, _), _ = two_stations
    flow = picker(store, LAMP_ORDER, gate(store))
    with offline(store):
        view = scan(flow, LAMP_BIN)
    assert view.feedback is Feedback.BAD
    assert message_of(view) == ("order_unclaimed_offline", {"order": LAMP_ORDER})
    assert claim_row(store, LAMP_ORDER) is None
    assert order_status(store, LAMP_ORDER) == "ALLOCATED"


def test_offline_start_allowed_by_the_setting_claims_locally_audited_and_goes_on(
    two_stations: TwoStations,
) -> None:
    (store, _), _ = two_stations
    flow = picker(store, LAMP_ORDER, gate(store, offline_start=True))
    with offline(store):
        assert scan(flow, LAMP_BIN).feedback is Feedback.GOOD
        view = scan(flow, barcode_of(store, LAMP))
    assert view.feedback is Feedback.GOOD
    row = claim_row(store, LAMP_ORDER)
    assert row is not None and row.mine and row.granted_how == "OFFLINE_START"
    assert audit_actions(store, LAMP_ORDER) == ["claim_offline_start"]
    assert order_status(store, LAMP_ORDER) == "PICKED"


def test_a_station_without_an_oms_gate_is_the_sole_station(two_stations: TwoStations) -> None:
    """No gate (no OMS configured): nothing is claimed and nothing refused."""
    (store, _), _ = two_stations
    flow = picker(store, LAMP_ORDER, None)
    with offline(store):
        assert scan(flow, LAMP_BIN).feedback is Feedback.GOOD
    assert claim_row(store, LAMP_ORDER) is None


def test_two_stations_worked_one_order_the_holder_keeps_it_the_other_puts_back(
    two_stations: TwoStations,
) -> None:
    """Offline start allowed; B starts the lamp order offline while A claims and picks it
    online: the OMS keeps A's work (A held the claim), B's goods go on put-back tasks with an
    ORDER_LOST saying another station held the claim, and A's supervisor gets CLAIM_CONFLICT."""
    (store_a, engine_a), (store_b, engine_b) = two_stations
    lamp = barcode_of(store_a, LAMP)
    flow_b = picker(store_b, LAMP_ORDER, gate(store_b, offline_start=True))
    with offline(store_b):
        assert scan(flow_b, LAMP_BIN).feedback is Feedback.GOOD
        assert scan(flow_b, lamp).feedback is Feedback.GOOD
    flow_a = picker(store_a, LAMP_ORDER, gate(store_a, offline_start=True))
    assert scan(flow_a, LAMP_BIN).feedback is Feedback.GOOD  # granted online
    assert scan(flow_a, lamp).feedback is Feedback.GOOD
    sync_round(engine_a)

    sync_round(engine_b)  # B is back: its picks are refused, it settles at once

    (lost,) = open_exceptions(store_b, "ORDER_LOST")
    assert lost.order_no == LAMP_ORDER
    assert lost.detail_code == "ORDER_LOST_TO_CLAIM_HOLDER"
    view = flow_b.refresh()
    assert view.prompt.key is PromptKey.PUT_BACK
    assert view.prompt.args == {"qty": "1", "sku": LAMP, "bin": LAMP_BIN}
    row = claim_row(store_b, LAMP_ORDER)
    assert row is not None and not row.mine and row.holder_device_id != ""

    sync_round(engine_a)  # the OMS's claim_conflict entry reaches the holder
    (conflict,) = open_exceptions(store_a, "CLAIM_CONFLICT")
    assert conflict.order_no == LAMP_ORDER
    assert open_exceptions(store_b, "CLAIM_CONFLICT") == []
