"""Frozen, damaged and safety stock reduce what the OMS promises (#12.2), through the
stations' events the OMS applies. Seed 000 §3.2: 可售 = 实物库存 − 锁定库存 − 安全库存;
seed 003: 库存冻结/解冻 and 库内报损 must reach the OMS.

Runs on SQLite and PostgreSQL (tests/server/conftest.py).
"""

from __future__ import annotations

from oms_contract.events import StockBucket, StockChanged, StockChangeType, StockMovement
from tests.server import payloads as p
from tests.server.driver import OmsDriver

LAMP, LAMP_BIN = "ACME-LAMP-02", "A-02-02-01"


def _hold(change: StockChangeType, bucket: StockBucket, delta: int) -> StockChanged:
    return StockChanged(
        warehouse_id="WH01",
        owner_id="ACME",
        sku_id=LAMP,
        change_type=change,
        change_qty=-delta,
        available_qty=0,
        movements=[
            StockMovement(
                location_code=LAMP_BIN, owner_id="ACME", sku_id=LAMP, bucket=bucket, delta=delta
            )
        ],
    )


def test_frozen_units_are_not_promised_until_unfrozen(demo_oms: OmsDriver) -> None:
    """A freeze of every free unit leaves the OMS nothing to promise: a 5-unit order is
    refused (INSUFFICIENT_STOCK, nothing reserved); the unfreeze gives it back."""
    station = demo_oms.enrol()
    line = demo_oms.stock("ACME", LAMP)
    free = line["available"] + line["safety_stock"]
    [result] = demo_oms.push(station, _hold(StockChangeType.FREEZE, StockBucket.FROZEN, free))
    assert result.outcome == "accepted", result
    frozen = demo_oms.stock("ACME", LAMP)
    assert (frozen["frozen"], frozen["available"]) == (free, 0)
    refused = demo_oms.admin_post(
        "/outbound-commands", p.command(1, (LAMP, 5)).model_dump(mode="json")
    )
    assert (refused.status_code, refused.json()["error_code"]) == (409, "INSUFFICIENT_STOCK")
    assert demo_oms.stock("ACME", LAMP)["reserved"] == frozen["reserved"]

    [result] = demo_oms.push(station, _hold(StockChangeType.UNFREEZE, StockBucket.FROZEN, -free))
    assert result.outcome == "accepted", result
    assert demo_oms.stock("ACME", LAMP)["available"] == line["available"]
    accepted = demo_oms.admin_post(
        "/outbound-commands", p.command(1, (LAMP, 5)).model_dump(mode="json")
    )
    assert accepted.status_code == 201, accepted.text


def test_damaged_units_are_held_until_written_off(demo_oms: OmsDriver) -> None:
    """Damaged units stay on hand but are not promised; writing them off takes them off
    on-hand and off the damaged count (an adjustment with its movements)."""
    station = demo_oms.enrol()
    line = demo_oms.stock("ACME", LAMP)
    demo_oms.push(station, _hold(StockChangeType.DAMAGE, StockBucket.DAMAGED, 4))
    damaged = demo_oms.stock("ACME", LAMP)
    assert (damaged["damaged"], damaged["on_hand"]) == (4, line["on_hand"])
    assert damaged["available"] == line["available"] - 4
    write_off = p.adjust("ACME", LAMP, -4, reason="DAMAGE_WRITE_OFF").model_copy(
        update={
            "movements": [
                StockMovement(location_code=LAMP_BIN, owner_id="ACME", sku_id=LAMP, delta=-4),
                StockMovement(
                    location_code=LAMP_BIN,
                    owner_id="ACME",
                    sku_id=LAMP,
                    bucket=StockBucket.DAMAGED,
                    delta=-4,
                ),
            ]
        }
    )
    [result] = demo_oms.push(station, write_off)
    assert result.outcome == "accepted", result
    after = demo_oms.stock("ACME", LAMP)
    assert (after["damaged"], after["on_hand"]) == (0, line["on_hand"] - 4)
    assert after["available"] == line["available"] - 4
