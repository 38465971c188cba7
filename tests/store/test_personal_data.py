"""Personal data purged after ``personal_data_days`` (#15). Seed 000 §2 (指令下发: the
command carries the consignee, 收货人, phone and address): a station keeps them only while
the order is worked; after an order shipped or was cancelled, they are blanked, and
everything else of the order and the floor's history stays."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import text

from app.services.cancelling import cancel_outbound
from app.services.packing import pack_order
from app.services.personal_data import purge_personal_data
from app.services.shipping import ship_order
from local_db.store import Store
from local_db.types import utc_now
from tests.store.support import (
    BINS,
    GTIN,
    PICKER,
    add_stock,
    allocated,
    db_state,
    order,
    pick_all,
    run,
)

PERSONAL = ("consignee", "phone", "address", "district")


def _finish_three_orders(store: Store) -> None:
    add_stock(store, BINS[0], "SKU-A", 10)
    allocated(store, "SO-SHIP", [("SKU-A", 2)])
    pick_all(store, "SO-SHIP")
    run(store, lambda uow: pack_order(uow, "SO-SHIP", [GTIN["SKU-A"]] * 2, PICKER))
    run(
        store,
        lambda uow: ship_order(
            uow,
            "SO-SHIP",
            tracking_no="SF1234567890123",
            carrier_code="SF",
            package_count=1,
            weight_kg=Decimal("0.5"),
            operator=PICKER,
        ),
    )
    allocated(store, "SO-CANCEL", [("SKU-A", 1)])
    run(store, lambda uow: cancel_outbound(uow, "SO-CANCEL", "OMS", "changed mind"))
    allocated(store, "SO-OPEN", [("SKU-A", 1)])


def _personal(store: Store, order_no: str) -> tuple[str, ...]:
    placed = order(store, order_no)
    return tuple(getattr(placed, column) for column in PERSONAL)


def _without_personal_columns(store: Store) -> dict[str, list[tuple[object, ...]]]:
    state = db_state(store)
    with store.read_connection() as connection:
        columns = [row[1] for row in connection.execute(text("PRAGMA table_info(outbound_order)"))]
    keep = [i for i, name in enumerate(columns) if name not in PERSONAL]
    state["outbound_order"] = [tuple(row[i] for i in keep) for row in state["outbound_order"]]
    return state


def test_finished_orders_lose_their_consignee_data_after_the_set_days_and_nothing_else(
    store: Store,
) -> None:
    _finish_three_orders(store)
    before = _without_personal_columns(store)
    now = utc_now()

    # Not yet due: finished today, 30 days kept.
    assert purge_personal_data(store, 30, now=now) == 0
    assert _personal(store, "SO-SHIP") == ("张三", "13800000000", "科技园 1 号", "南山")

    assert purge_personal_data(store, 30, now=now + dt.timedelta(days=31), batch_size=1) == 2
    assert _personal(store, "SO-SHIP") == ("", "", "", "")
    assert _personal(store, "SO-CANCEL") == ("", "", "", "")
    # An order still being worked keeps its consignee: the label needs it.
    assert _personal(store, "SO-OPEN") == ("张三", "13800000000", "科技园 1 号", "南山")
    # Nothing else changed: orders (province, city, status, ...), lines, stock, events, audit.
    assert _without_personal_columns(store) == before
    with store.read_connection() as connection:
        dump = "\n".join(connection.connection.driver_connection.iterdump())  # type: ignore[union-attr]
    assert "13800000000" in dump  # SO-OPEN's
    assert dump.count("13800000000") == 1
    assert purge_personal_data(store, 30, now=now + dt.timedelta(days=31)) == 0
