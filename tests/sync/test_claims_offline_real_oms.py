"""Order claims at an offline station (#14): real station stores enrolled with the real OMS,
then cut off from it (a refused connection), driven through the real pick flow.

Seed 003 (分离模型 / 统一模型的缺点: "网络依赖性强 … 如果网络中断，仓库作业可能完全无法进行，
缺乏离线工作能力"): a station keeps working offline the orders whose claims it holds; seed 002
§模块2 (分布式锁, 并发控制): an order no station holds is not started blindly offline unless
the warehouse allows it.
"""

from __future__ import annotations

from app.flows.view import Feedback
from tests.sync.claim_stations import (
    LAMP,
    LAMP_BIN,
    LAMP_ORDER,
    audit_actions,
    claim_row,
    gate,
    message_of,
    offline,
    picker,
    scan,
)
from tests.sync.floor_work import barcode_of, order_status
from tests.sync.real_oms import TwoStations


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
