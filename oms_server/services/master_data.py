"""Master data upserts: owners and SKUs are global, bins and operators per warehouse."""

from __future__ import annotations

from sqlalchemy.orm import Session

from oms_contract.master_data import BarcodeKind, MasterDataUpsert
from oms_contract.sync_api import MasterDataUpserted
from oms_server.errors import ApiError, RuleViolation
from oms_server.gtin import is_valid_gtin
from oms_server.models import LocationRow, OperatorRow, OwnerRow, SkuRow, utc_now
from oms_server.schemas import MasterDataAccepted
from oms_server.services.feed import append_feed, lock_warehouse


def upsert_master_data(
    session: Session, warehouse_id: str, batch: MasterDataUpsert
) -> MasterDataAccepted:
    _check_barcodes(batch)
    warehouse = lock_warehouse(session, warehouse_id)
    for owner in batch.owners:
        row = session.get(OwnerRow, owner.owner_id)
        if row is None:
            session.add(OwnerRow(owner_id=owner.owner_id, name=owner.name))
        else:
            row.name = owner.name
    session.flush()
    for sku in batch.skus:
        if session.get(OwnerRow, sku.owner_id) is None:
            raise RuleViolation(
                "OWNER_NOT_FOUND", f"SKU {sku.sku_id} names owner {sku.owner_id}, who is not known."
            )
        sku_row = session.get(SkuRow, (sku.owner_id, sku.sku_id))
        if sku_row is None:
            session.add(
                SkuRow(
                    owner_id=sku.owner_id,
                    sku_id=sku.sku_id,
                    name=sku.name,
                    data_json=sku.model_dump_json(),
                )
            )
        else:
            sku_row.name = sku.name
            sku_row.data_json = sku.model_dump_json()
    for location in batch.locations:
        _upsert_json(session, LocationRow, warehouse_id, location.code, location.model_dump_json())
    for operator in batch.operators:
        _upsert_json(
            session, OperatorRow, warehouse_id, operator.badge_code, operator.model_dump_json()
        )
    entry = append_feed(session, warehouse, MasterDataUpserted(master_data=batch), utc_now())
    return MasterDataAccepted(
        warehouse_id=warehouse_id,
        feed_seq=entry.seq,
        owners=len(batch.owners),
        skus=len(batch.skus),
        locations=len(batch.locations),
        operators=len(batch.operators),
    )


def _check_barcodes(batch: MasterDataUpsert) -> None:
    for sku_index, sku in enumerate(batch.skus):
        for code_index, barcode in enumerate(sku.barcodes):
            if barcode.kind == BarcodeKind.GTIN and not is_valid_gtin(barcode.code):
                raise ApiError(
                    422,
                    "INVALID_GTIN",
                    f"SKU {sku.sku_id}: {barcode.code} is not a valid GTIN (check digit).",
                    field=f"skus.{sku_index}.barcodes.{code_index}.code",
                )


def _upsert_json(
    session: Session,
    table: type[LocationRow] | type[OperatorRow],
    warehouse_id: str,
    key: str,
    data_json: str,
) -> None:
    if table is LocationRow:
        location = session.get(LocationRow, (warehouse_id, key))
        if location is not None:
            location.data_json = data_json
            return
        session.add(LocationRow(warehouse_id=warehouse_id, code=key, data_json=data_json))
        return
    operator = session.get(OperatorRow, (warehouse_id, key))
    if operator is not None:
        operator.data_json = data_json
    else:
        session.add(OperatorRow(warehouse_id=warehouse_id, badge_code=key, data_json=data_json))
