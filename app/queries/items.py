"""Which owner's SKU a scan stands for when the flow has no order to say whose goods they are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from local_db.models.master_data import Barcode, Sku
from local_db.models.stock import Stock
from local_db.store import Store


@dataclass(frozen=True)
class ItemMatch:
    owner_id: str
    sku_id: str
    name: str
    batch_managed: bool
    expiry_managed: bool
    serial_managed: bool


def find_item(
    store: Store, codes: tuple[str, ...], location_code: str | None = None
) -> ItemMatch | None:
    """The SKU behind a scanned code, any owner. A GTIN two owners share is decided by the
    owner whose stock is in ``location_code``."""
    with store.read_session() as session:
        keys: list[tuple[str, str]] = []
        for code in codes:
            keys += [
                (b.owner_id, b.sku_id)
                for b in session.scalars(select(Barcode).where(Barcode.code == code))
            ]
            keys += [
                (s.owner_id, s.sku_id)
                for s in session.scalars(select(Sku).where(Sku.sku_id == code))
            ]
        keys = list(dict.fromkeys(keys))
        if not keys:
            return None
        if len(keys) > 1 and location_code is not None:
            here = {
                (row.owner_id, row.sku_id)
                for row in session.scalars(
                    select(Stock).where(Stock.location_code == location_code)
                )
            }
            keys.sort(key=lambda key: key not in here)
        sku = session.get(Sku, keys[0])
        if sku is None:
            return None
        return ItemMatch(
            sku.owner_id,
            sku.sku_id,
            sku.name,
            sku.batch_managed,
            sku.expiry_managed,
            sku.serial_managed,
        )


def batch_expiry(store: Store, owner_id: str, sku_id: str, batch_no: str) -> dt.date | None:
    """The expiry the books hold for this batch of the SKU (one batch, one expiry), or None
    when no stock row of it carries one."""
    with store.read_session() as session:
        return session.scalars(
            select(Stock.expiry_date)
            .where(
                Stock.owner_id == owner_id,
                Stock.sku_id == sku_id,
                Stock.batch_no == batch_no,
                Stock.expiry_date.is_not(None),
            )
            .limit(1)
        ).first()
