"""The OMS's station stock figure with two real stations (#17.14).

A station reports ``available_qty`` only after its own actions. Station B's report computed
before it pulled station A's change reaches the OMS after A's and used to become the figure
the OMS shows (75 while both stations hold 70). The OMS keeps each station's figure with the
feed position it was computed on and never lets one computed before a peer's movement
replace one that includes it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from app.queries.stock import available_qty
from app.services.freezing import freeze_stock
from app.services.moving import move_stock
from local_db.store import Store
from oms_contract import API_PREFIX
from sync.state import station_identity
from tests.server import payloads as p
from tests.server.driver import OmsDriver
from tests.server.test_real_station_movements import Station, _sync, stations
from tests.support.oms_process import RunningOms
from tests.sync.floor_work import PICKER, SUPERVISOR, create_command

__all__ = ["stations"]  # the two enrolled stations (fixture)

OWNER, SKU = "ACME", "ACME-MUG-01"


def _available(store: Store) -> int:
    with store.read_session() as session:
        return available_qty(session, OWNER, SKU)


def _stock_line(oms: RunningOms) -> dict[str, Any]:
    response = oms.admin_get("/stock", warehouse_id="WH01", owner_id=OWNER, sku_id=SKU)
    response.raise_for_status()
    (line,) = response.json()["lines"]
    return dict(line)


@pytest.mark.usefixtures("stations")
def test_a_figure_computed_before_a_peers_change_does_not_replace_a_newer_one(
    oms_demo_server: RunningOms, stations: list[Station]
) -> None:
    (store_a, engine_a), (store_b, engine_b) = stations
    _sync(engine_a)
    _sync(engine_b)
    before = _available(store_a)
    assert _available(store_b) == before

    # Station A freezes 5 units and reports before B has pulled it.
    with store_a.unit_of_work() as uow:
        freeze_stock(
            uow,
            location_code="A-01-01-02",
            owner_id=OWNER,
            sku_id=SKU,
            quantity=5,
            operator=SUPERVISOR,
        )
        uow.commit()
    _sync(engine_a)
    # Station B moves units of the SKU on its older view: its report still counts them.
    with store_b.unit_of_work() as uow:
        move_stock(
            uow,
            from_location="A-01-01-02",
            to_location="A-02-01-01",
            owner_id=OWNER,
            sku_id=SKU,
            quantity=3,
            operator=PICKER,
        )
        uow.commit()
    _sync(engine_b)  # B's stale report arrives after A's; then B pulls A's freeze
    _sync(engine_a)  # and A pulls B's move
    _sync(engine_b)

    now_held = _available(store_a)
    assert now_held == before - 5
    assert _available(store_b) == now_held  # both stations agree
    line = _stock_line(oms_demo_server)
    assert line["station_available_qty"] == now_held, line
    # The view says whose figure it is, how old, and why the other one is not shown.
    device_a, device_b = _device_id(store_a), _device_id(store_b)
    assert line["station_figure_station_id"] == device_a
    assert line["station_figure_age_s"] >= 0
    figures = {f["station_id"]: f for f in line["station_figures"]}
    assert figures[device_a]["shown"] and not figures[device_b]["shown"]
    assert figures[device_b]["available_qty"] == before  # computed before A's freeze
    # B's figure was computed on a feed position before A's freeze: it covers only that far.
    assert figures[device_b]["feed_cursor"] < figures[device_a]["feed_seq"]
    assert figures[device_b]["misses_movement_seq"] == figures[device_a]["feed_seq"]
    assert figures[device_b]["covers_up_to"] == figures[device_b]["feed_cursor"]
    # A's covers everything up to its own report (B's move came after it).
    assert figures[device_a]["covers_up_to"] == figures[device_a]["feed_seq"]


@pytest.mark.usefixtures("stations")
def test_the_figure_follows_an_allocation_made_while_applying_a_peers_change(
    oms_demo_server: RunningOms, stations: list[Station]
) -> None:
    """Station B reads A's freeze and a new order in one feed page and locks the order's
    units while applying it: its report is based on the entries before the order (A's freeze
    included), not on the page's start, so it is the figure shown."""
    (store_a, engine_a), (store_b, engine_b) = stations
    for engine in (engine_a, engine_b):
        _sync(engine)
    with store_a.unit_of_work() as uow:
        freeze_stock(
            uow,
            location_code="A-01-01-02",
            owner_id=OWNER,
            sku_id=SKU,
            quantity=2,
            operator=SUPERVISOR,
        )
        uow.commit()
    _sync(engine_a)
    create_command(oms_demo_server, SKU, 3)
    _sync(engine_b)  # A's freeze and the order in one page
    held_by_b = _available(store_b)
    line = _stock_line(oms_demo_server)
    assert line["station_available_qty"] == held_by_b, line
    assert line["station_figure_station_id"] == _device_id(store_b)
    for engine in (engine_a, engine_b, engine_a):
        _sync(engine)
    assert _available(store_a) == held_by_b
    line = _stock_line(oms_demo_server)
    assert line["station_available_qty"] == held_by_b, line
    for figure in line["station_figures"]:
        assert figure["feed_cursor"] is not None  # today's stations say what it is based on


def _device_id(store: Store) -> str:
    with store.read_session() as session:
        return station_identity(session).station_id


def test_figures_from_stations_that_give_no_basis_keep_the_newest_by_the_clock(
    demo_oms: OmsDriver,
) -> None:
    """Stations from before ``feed_cursor``: the figure computed last is shown, as before."""
    first, second = demo_oms.enrol(name="old one"), demo_oms.enrol(name="old two")
    now = dt.datetime.now(dt.UTC)
    report = p.stock_report(OWNER, SKU, 70)
    assert report.feed_cursor is None
    demo_oms.push_envelopes(first, demo_oms.envelope(first, report, occurred_at=now))
    earlier = p.stock_report(OWNER, SKU, 75)
    demo_oms.push_envelopes(
        second, demo_oms.envelope(second, earlier, occurred_at=now - dt.timedelta(seconds=10))
    )
    line = demo_oms.stock(OWNER, SKU)
    assert line["station_available_qty"] == 70
    assert line["station_figure_station_id"] == first.device_id
    later = p.stock_report(OWNER, SKU, 72)
    demo_oms.push_envelopes(
        second, demo_oms.envelope(second, later, occurred_at=now + dt.timedelta(seconds=5))
    )
    line = demo_oms.stock(OWNER, SKU)
    assert line["station_available_qty"] == 72
    assert {f["station_id"]: f["available_qty"] for f in line["station_figures"]} == {
        first.device_id: 70,
        second.device_id: 72,
    }


def test_the_feed_carries_a_stock_report_without_its_basis(demo_oms: OmsDriver) -> None:
    """Peers do not need the basis, and stations older than it would refuse the entry."""
    reporter, peer = demo_oms.enrol(name="new"), demo_oms.enrol(name="peer")
    head = demo_oms.feed(peer).next_cursor
    report = p.stock_report(OWNER, SKU, 70).model_copy(update={"feed_cursor": head})
    assert demo_oms.push_one(reporter, report).outcome == "accepted"
    page = demo_oms.client.get(
        f"{API_PREFIX}/warehouses/WH01/feed",
        params={"after": head},
        headers=peer.headers,
    )
    page.raise_for_status()
    assert "stock_changed" in page.text
    assert "feed_cursor" not in page.text
    line = demo_oms.stock(OWNER, SKU)
    (figure,) = line["station_figures"]
    assert (figure["feed_cursor"], figure["available_qty"]) == (head, 70)
