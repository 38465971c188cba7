"""The engine against the real OMS process: reconciliation differences, a refused token, a
revoked station."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, update

from local_db.models import ExceptionRecord, Stock
from local_db.store import Store
from station.sync_wiring import floor_hooks
from sync.client import OmsClient
from sync.credentials import Token, load_token, store_token
from sync.engine import SyncEngine, SyncSettings
from sync.enrolment import enroll
from sync.outbox_queue import outbox_counts
from sync.reconcile import STOCK_DIFFERENCE, Reconciler
from sync.state import station_identity
from tests.support.oms_process import RunningOms
from tests.sync.floor_work import create_command, pack_and_ship, pick
from tests.sync.real_oms import SKU, WAREHOUSE, enrolled_station


@pytest.fixture
def station(oms_demo_server: RunningOms, tmp_path: Path) -> Iterator[tuple[Store, str]]:
    store, device_id = enrolled_station(oms_demo_server, tmp_path / "station.sqlite3")
    yield store, device_id
    store.close()


def stock_differences(store: Store) -> list[tuple[str | None, str]]:
    with store.read_session() as session:
        return [
            (record.sku_id, record.detail_args_json)
            for record in session.scalars(
                select(ExceptionRecord).where(ExceptionRecord.exception_type == STOCK_DIFFERENCE)
            )
        ]


def test_reconciliation_turns_a_difference_into_a_supervisor_task(
    station: tuple[Store, str],
) -> None:
    store, _ = station
    engine = SyncEngine(store, SyncSettings(), hooks=floor_hooks())
    status = engine.run_once()  # a fresh station reconciles on its first round
    assert status.online, status.last_error
    assert status.last_reconcile_at is not None
    assert stock_differences(store) == []  # the feed made station and OMS agree

    # Five mugs turn up in a bin without anyone booking them.
    with store.unit_of_work() as uow:
        row_id = uow.session.scalars(select(Stock.id).where(Stock.sku_id == SKU)).first()
        uow.session.execute(
            update(Stock).where(Stock.id == row_id).values(on_hand=Stock.on_hand + 5)
        )
        uow.commit()
    status = engine.run_once()
    assert stock_differences(store) == []  # not due yet: once a day
    status = engine.run_once(reconcile=True)
    engine.close()
    assert status.online, status.last_error
    [(sku_id, detail)] = stock_differences(store)
    assert sku_id == SKU
    assert '"difference": "+5"' in detail


def test_a_refused_token_stops_syncing_until_re_enrolment(
    station: tuple[Store, str],
) -> None:
    store, device_id = station
    good = load_token(device_id)
    store_token(device_id, Token("st_not-a-token-the-oms-knows"))
    engine = SyncEngine(store, SyncSettings(), hooks=floor_hooks())
    status = engine.run_once()
    assert status.needs_reenrolment
    assert status.next_attempt_in_s is None
    assert "wms-floor enroll" in (status.last_error or "")
    # The keyring gets the right token again (as `wms-floor enroll` would store a new one).
    store_token(device_id, good)
    status = engine.run_once()
    engine.close()
    assert not status.needs_reenrolment
    assert status.online, status.last_error


def test_a_pick_still_pending_is_not_a_stock_difference(
    oms_demo_server: RunningOms, station: tuple[Store, str]
) -> None:
    """#10.12: the picked units have left the bin here, but the OMS has not heard of it yet:
    reconciling now must not call that a difference (it used to, every time)."""
    store, device_id = station
    engine = SyncEngine(store, SyncSettings(), hooks=floor_hooks())
    assert engine.run_once().online
    order_no = create_command(oms_demo_server, SKU, 2)
    assert engine.run_once().online
    assert pick(store, order_no) == 2  # its events wait in the outbox

    with store.read_session() as session:
        identity = station_identity(session)
        assert outbox_counts(session).pending > 0
    with OmsClient(identity.oms_url, load_token(device_id)) as client:
        report = Reconciler(store, client, identity, floor_hooks().take_snapshot).run()
    assert report.differences == 0
    assert report.skipped_skus >= 1
    assert stock_differences(store) == []

    # Shipped and pushed (the OMS takes stock off at shipping), the SKU is compared again,
    # and agrees.
    pack_and_ship(store, order_no, SKU, 2, "SF-T-0001")
    status = engine.run_once(reconcile=True)
    engine.close()
    assert status.online, status.last_error
    assert status.pending_count == 0
    assert status.reconcile_skipped_skus == 0
    assert stock_differences(store) == []


def test_a_revoked_station_stops_syncing_and_asks_for_re_enrolment(
    oms_demo_server: RunningOms, station: tuple[Store, str]
) -> None:
    store, device_id = station
    engine = SyncEngine(store, SyncSettings(), hooks=floor_hooks())
    assert engine.run_once().online
    revoked = oms_demo_server.admin_post(f"/stations/{device_id}/revoke", None)
    assert revoked.status_code == 200
    status = engine.run_once()
    assert status.needs_reenrolment
    assert "revoked" in (status.last_error or "")
    # Enrolling the same store again gives it a new device and token, and it syncs again.
    new_device = enroll(
        store,
        oms_demo_server.base_url,
        WAREHOUSE,
        oms_demo_server.enrolment_key_for(WAREHOUSE),
        "station again",
        None,
    )
    assert new_device != device_id
    status = engine.run_once()
    engine.close()
    assert status.online, status.last_error
    assert not status.needs_reenrolment
