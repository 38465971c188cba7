"""Master data and stock for flow and UI tests, written straight into a real store."""

from __future__ import annotations

from local_db.models.master_data import Barcode, Location, Operator, Owner, Sku
from local_db.store import Store

OWNER = "OWN1"
PICKER_BADGE = "BADGE-P1"
SUPERVISOR_BADGE = "BADGE-S1"
SUPERVISOR_PIN = "4321"


def seed_master_data(store: Store, supervisor_pin_hash: str | None = None) -> None:
    with store.unit_of_work() as uow:
        session = uow.session
        session.add(Owner(owner_id=OWNER, name="Owner One"))
        session.add_all(
            [
                Location(code="A-01-01-01", zone="A", pick_sequence=10),
                Location(code="A-01-02-03", zone="A", pick_sequence=20),
                Location(code="B-02-01-01", zone="B", pick_sequence=30),
                Location(code="DOCK-1", zone="DOCK", pick_sequence=0, pickable=False),
            ]
        )
        session.flush()
        session.add_all(
            [
                Sku(owner_id=OWNER, sku_id="SKU-TEA", name="Green tea 250 g"),
                Sku(
                    owner_id=OWNER,
                    sku_id="SKU-MILK",
                    name="Milk powder 900 g",
                    batch_managed=True,
                    expiry_managed=True,
                ),
                Sku(owner_id=OWNER, sku_id="SKU-PHONE", name="Phone X", serial_managed=True),
            ]
        )
        session.flush()
        session.add_all(
            [
                Barcode(code="4006381333931", owner_id=OWNER, sku_id="SKU-TEA"),
                Barcode(code="04012345678901", owner_id=OWNER, sku_id="SKU-MILK"),
                Barcode(code="96385074", owner_id=OWNER, sku_id="SKU-PHONE"),
            ]
        )
        session.add_all(
            [
                Operator(badge_code=PICKER_BADGE, name="Li Wei", role="operator"),
                Operator(badge_code="BADGE-OLD", name="Gone", role="operator", active=False),
                Operator(
                    badge_code=SUPERVISOR_BADGE,
                    name="Zhang Min",
                    role="supervisor",
                    pin_hash=supervisor_pin_hash,
                ),
            ]
        )
        uow.commit()
