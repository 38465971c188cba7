"""Mirroring the OMS master data (owners, SKUs with barcodes, bins, operators)."""

from __future__ import annotations

from sqlalchemy import delete

from app import errors
from local_db.models import Barcode, Location, Operator, Owner, Sku
from local_db.store import UnitOfWork
from oms_contract.master_data import MasterDataUpsert


def upsert_master_data(uow: UnitOfWork, data: MasterDataUpsert) -> str:
    session = uow.session
    for owner in data.owners:
        owner_row = session.get(Owner, owner.owner_id) or Owner(owner_id=owner.owner_id)
        owner_row.name = owner.name
        session.add(owner_row)
    session.flush()
    for sku in data.skus:
        if session.get(Owner, sku.owner_id) is None:
            raise errors.MalformedFeedEntry("sku_owner_unknown", sku=sku.sku_id, owner=sku.owner_id)
        codes = [barcode.code for barcode in sku.barcodes]
        if len(set(codes)) != len(codes):
            raise errors.MalformedFeedEntry("sku_barcode_twice", sku=sku.sku_id)
        row = session.get(Sku, (sku.owner_id, sku.sku_id)) or Sku(
            owner_id=sku.owner_id, sku_id=sku.sku_id
        )
        row.name = sku.name
        row.safety_stock = sku.safety_stock
        row.batch_managed = sku.batch_managed
        row.expiry_managed = sku.expiry_managed
        row.serial_managed = sku.serial_managed
        row.weight_grams = None if sku.weight_kg is None else int(sku.weight_kg * 1000)
        session.add(row)
    session.flush()
    # Each SKU's barcode list is replaced as a whole (the OMS sends all of them); all old
    # lists go first, so a code moving from one SKU to another in this batch is fine.
    for sku in data.skus:
        session.execute(
            delete(Barcode).where(Barcode.owner_id == sku.owner_id, Barcode.sku_id == sku.sku_id)
        )
    session.flush()
    for sku in data.skus:
        for barcode in sku.barcodes:
            taken = session.get(Barcode, (barcode.code, sku.owner_id))
            if taken is not None:
                raise errors.MalformedFeedEntry(
                    "barcode_taken", barcode=barcode.code, sku=taken.sku_id
                )
            session.add(
                Barcode(
                    code=barcode.code,
                    owner_id=sku.owner_id,
                    sku_id=sku.sku_id,
                    kind=barcode.kind.value,
                )
            )
            session.flush()
    for location in data.locations:
        loc = session.get(Location, location.code) or Location(code=location.code)
        loc.zone = location.zone
        loc.pick_sequence = location.pick_sequence
        loc.pickable = location.pickable
        loc.frozen = location.frozen
        session.add(loc)
    for operator in data.operators:
        op = session.get(Operator, operator.badge_code) or Operator(badge_code=operator.badge_code)
        op.name = operator.name
        op.role = operator.role.value
        op.pin_hash = operator.pin_hash
        op.active = operator.active
        session.add(op)
    session.flush()
    return (
        f"master data: {len(data.owners)} owners, {len(data.skus)} SKUs, "
        f"{len(data.locations)} bins, {len(data.operators)} operators"
    )
