"""Fill a station store and a reference-OMS database at large-warehouse scale, by seed.

    python -m bench.generate [--quick]

Writes ``bench/out/<scale>/station.sqlite3`` and ``oms.sqlite3``. The station store is made
with ``open_store`` (Alembic stamps it at head) and then bulk-filled with SQLAlchemy Core
``executemany`` in one transaction; the OMS database gets the same master data, the same open
orders (so the station's backlog of events is acceptable to it) and a feed of new outbound
commands for the pull benchmark. Same seed, same content (event ids included).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Table, insert

from bench.common import SEED, WAREHOUSE, Scale, checkpoint, figure, scale_from_args
from local_db import models as station
from local_db.store import open_store
from oms_contract import master_data as md
from oms_contract.documents import OutboundCommand, OutboundItem
from oms_contract.events import (
    InventoryAdjusted,
    OutboundReceived,
    ReceiveResult,
    StockChanged,
    StockChangeType,
    StockMovement,
)
from oms_contract.sync_api import OutboundCommandCreated
from oms_server import models as oms
from oms_server.db import Database
from oms_server.gtin import make_gtin13

BASE_TIME = dt.datetime(2026, 11, 21, 6, 0, tzinfo=dt.UTC)
PICKERS = 50
BATCH_SHARE = 0.2  # one SKU in five is batch- and expiry-managed (food, cosmetics)
ZONES = "ABCDEFGHJKLMNPQRSTUV"


@dataclass(frozen=True)
class SkuPlan:
    owner_id: str
    sku_id: str
    name: str
    batch_managed: bool
    barcodes: tuple[str, ...]


@dataclass(frozen=True)
class OrderPlan:
    order_no: str
    owner_id: str
    lines: tuple[tuple[int, int], ...]  # (sku index, quantity)


@dataclass
class World:
    """Everything generated, in memory, before it is written to either database."""

    owners: list[str]
    skus: list[SkuPlan]
    bins: list[tuple[str, str, int]]  # code, zone, pick sequence
    stock: list[dict[str, Any]]
    stock_by_sku: dict[int, list[int]]
    orders: list[OrderPlan]
    new_orders: list[OrderPlan]
    on_hand_by_sku: dict[int, int] = field(default_factory=lambda: defaultdict(int))


def owner_id(number: int) -> str:
    return f"OWN{number + 1:02d}"


def _skus(scale: Scale, rng: random.Random) -> list[SkuPlan]:
    skus = []
    for index in range(scale.skus):
        codes = tuple(
            make_gtin13(f"{690 + variant}{index:09d}") for variant in range(rng.randint(1, 3))
        )
        skus.append(
            SkuPlan(
                owner_id=owner_id(index % scale.owners),
                sku_id=f"SKU-{index:06d}",
                name=f"Article {index:06d}",
                batch_managed=rng.random() < BATCH_SHARE,
                barcodes=codes,
            )
        )
    return skus


def _bins(scale: Scale) -> list[tuple[str, str, int]]:
    per_zone = -(-scale.bins // len(ZONES))
    bins = []
    for number in range(scale.bins):
        zone = ZONES[number // per_zone]
        rest = number % per_zone
        aisle, rack, level = rest // 50, (rest // 5) % 10, rest % 5
        bins.append((f"{zone}-{aisle + 1:02d}-{rack + 1:02d}-{level + 1:02d}", zone, number + 1))
    return bins


def _stock(scale: Scale, skus: list[SkuPlan], rng: random.Random, world: World) -> None:
    per_sku = scale.stock_rows // scale.skus
    step = scale.bins // per_sku
    for index, sku in enumerate(skus):
        first_bin = rng.randrange(scale.bins)
        for copy in range(per_sku):
            code = world.bins[(first_bin + copy * step) % scale.bins][0]
            batch_no = expiry = None
            if sku.batch_managed:
                batch_no = f"B{rng.randrange(10**6):06d}"
                expiry = dt.date(2028 + rng.randrange(4), 1 + rng.randrange(12), 28)
            on_hand = rng.randint(20, 200)
            world.stock_by_sku[index].append(len(world.stock))
            world.on_hand_by_sku[index] += on_hand
            world.stock.append(
                {
                    "id": len(world.stock) + 1,
                    "location_code": code,
                    "owner_id": sku.owner_id,
                    "sku_id": sku.sku_id,
                    "batch_no": batch_no,
                    "expiry_date": expiry,
                    "on_hand": on_hand,
                    "locked": 0,
                    "frozen": 0,
                    "damaged": 0,
                }
            )


def _orders(scale: Scale, count: int, prefix: str, rng: random.Random) -> list[OrderPlan]:
    per_owner = scale.skus // scale.owners
    orders = []
    for number in range(count):
        owner = number % scale.owners
        picks = rng.sample(range(per_owner), rng.randint(1, 5))
        lines = tuple((pick * scale.owners + owner, rng.randint(1, 3)) for pick in picks)
        orders.append(OrderPlan(f"{prefix}-{number:07d}", owner_id(owner), lines))
    return orders


def build_world(scale: Scale, seed: int = SEED) -> World:
    rng = random.Random(seed)
    skus = _skus(scale, rng)
    world = World(
        owners=[owner_id(n) for n in range(scale.owners)],
        skus=skus,
        bins=_bins(scale),
        stock=[],
        stock_by_sku=defaultdict(list),
        orders=[],
        new_orders=[],
    )
    _stock(scale, skus, rng, world)
    world.orders = _orders(scale, scale.orders, "SO", rng)
    world.new_orders = _orders(scale, scale.feed_commands, "SN", rng)
    return world


def command_for(world: World, order: OrderPlan) -> OutboundCommand:
    return OutboundCommand(
        command_id=f"CMD-{order.order_no}",
        order_no=order.order_no,
        warehouse_id=WAREHOUSE,
        owner_id=order.owner_id,
        consignee="Bench Consignee",
        phone="13800000000",
        province="Zhejiang",
        city="Hangzhou",
        district="Xihu",
        address="1 Bench Road",
        carrier_code="SF",
        items=[
            OutboundItem(
                sku_id=world.skus[sku].sku_id,
                sku_name=world.skus[sku].name,
                quantity=quantity,
                barcode=world.skus[sku].barcodes[0],
            )
            for sku, quantity in order.lines
        ],
    )


# --- the station store -----------------------------------------------------------------------


def _table(model: Any) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _station_orders(world: World) -> dict[Table, list[dict[str, Any]]]:
    """The open orders, allocated the way the allocation service would: stock locked, one
    pick task per line in walk order."""
    bin_sequence = {code: sequence for code, _, sequence in world.bins}
    orders: list[dict[str, Any]] = []
    lines: list[dict[str, Any]] = []
    tasks: list[dict[str, Any]] = []
    for number, plan in enumerate(world.orders, start=1):
        orders.append(
            {
                "id": number,
                "command_id": f"CMD-{plan.order_no}",
                "order_no": plan.order_no,
                "wms_outbound_no": f"WO{number:014d}",
                "warehouse_id": WAREHOUSE,
                "owner_id": plan.owner_id,
                "consignee": "Bench Consignee",
                "phone": "13800000000",
                "province": "Zhejiang",
                "city": "Hangzhou",
                "district": "Xihu",
                "address": "1 Bench Road",
                "carrier_code": "SF",
                "service_type": "STANDARD",
                "priority": 0,
                "deadline": None,
                "ext_info_json": "{}",
                "status": "ALLOCATED",
                "cancelled_mid_pick": False,
                "cancel_reason": None,
                "handled_remotely": False,
                "created_at": BASE_TIME,
                "updated_at": BASE_TIME,
            }
        )
        planned = []
        for line_no, (sku_index, quantity) in enumerate(plan.lines, start=1):
            sku = world.skus[sku_index]
            line_id = len(lines) + 1
            lines.append(
                {
                    "id": line_id,
                    "order_id": number,
                    "line_no": line_no,
                    "sku_id": sku.sku_id,
                    "sku_name": sku.name,
                    "quantity": quantity,
                    "barcode": sku.barcodes[0],
                    "picked_qty": 0,
                    "short_qty": 0,
                    "packed_qty": 0,
                }
            )
            row = next(
                world.stock[i]
                for i in world.stock_by_sku[sku_index]
                if world.stock[i]["on_hand"] - world.stock[i]["locked"] >= quantity
            )
            row["locked"] += quantity
            planned.append((bin_sequence[row["location_code"]], row, line_id, sku, quantity))
        planned.sort(key=lambda p: (p[0], p[1]["location_code"], p[1]["id"]))
        for sequence, (_, row, line_id, sku, quantity) in enumerate(planned, start=1):
            tasks.append(
                {
                    "id": len(tasks) + 1,
                    "order_id": number,
                    "line_id": line_id,
                    "stock_id": row["id"],
                    "sequence": sequence,
                    "location_code": row["location_code"],
                    "sku_id": sku.sku_id,
                    "batch_no": row["batch_no"],
                    "expiry_date": row["expiry_date"],
                    "quantity": quantity,
                    "picked_qty": 0,
                    "short_qty": 0,
                    "short_reason": None,
                    "serials_json": "[]",
                    "status": "open",
                    "picked_by": None,
                    "picked_at": None,
                }
            )
    return {
        _table(station.OutboundOrder): orders,
        _table(station.OutboundLine): lines,
        _table(station.PickTask): tasks,
    }


def _outbox(world: World, scale: Scale, rng: random.Random) -> list[dict[str, Any]]:
    """A long offline stretch: receive callbacks, stock reports and adjustments, mixed."""
    total = scale.outbox_events
    received = min(len(world.orders), int(total * 0.3))
    reports = int(total * 0.4)
    kinds = (
        ["received"] * received + ["report"] * reports + ["adjust"] * (total - received - reports)
    )
    rng.shuffle(kinds)
    next_order = 0
    spacing = dt.timedelta(hours=16) / max(1, total)
    rows = []
    for index, kind in enumerate(kinds):
        payload: OutboundReceived | StockChanged | InventoryAdjusted
        if kind == "received":
            plan = world.orders[next_order]
            next_order += 1
            payload = OutboundReceived(
                command_id=f"CMD-{plan.order_no}",
                order_no=plan.order_no,
                result=ReceiveResult.SUCCESS,
            )
        else:
            sku_index = rng.randrange(len(world.skus))
            sku = world.skus[sku_index]
            row = world.stock[world.stock_by_sku[sku_index][0]]
            if kind == "report":
                payload = StockChanged(
                    warehouse_id=WAREHOUSE,
                    owner_id=sku.owner_id,
                    sku_id=sku.sku_id,
                    change_type=StockChangeType.ALLOCATION,
                    change_qty=-rng.randint(1, 3),
                    available_qty=rng.randint(0, 500),
                )
            else:
                quantity = rng.randint(1, 3)
                payload = InventoryAdjusted(
                    adjustment_no=f"ADJ-{index:08d}",
                    owner_id=sku.owner_id,
                    sku_id=sku.sku_id,
                    quantity=quantity,
                    reason_code="FOUND",
                    location_code=row["location_code"],
                    batch_no=row["batch_no"],
                    movements=[
                        StockMovement(
                            location_code=row["location_code"],
                            owner_id=sku.owner_id,
                            sku_id=sku.sku_id,
                            batch_no=row["batch_no"],
                            expiry_date=row["expiry_date"],
                            delta=quantity,
                        )
                    ],
                )
        rows.append(
            {
                "id": index + 1,
                "event_id": uuid.UUID(int=rng.getrandbits(128)).hex,
                "station_seq": index + 1,
                "event_type": payload.event_type,
                "order_no": getattr(payload, "order_no", None),
                "payload_json": payload.model_dump_json(),
                "operator": f"P{rng.randrange(PICKERS) + 1:04d}",
                "occurred_at": BASE_TIME + spacing * index,
                "status": "pending",
                "attempts": 0,
            }
        )
    return rows


def _station_rows(world: World, scale: Scale, rng: random.Random) -> dict[Table, list[Any]]:
    rows: dict[Table, list[Any]] = {
        _table(station.Owner): [{"owner_id": o, "name": f"Owner {o}"} for o in world.owners],
        _table(station.Sku): [
            {
                "owner_id": s.owner_id,
                "sku_id": s.sku_id,
                "name": s.name,
                "safety_stock": 0,
                "batch_managed": s.batch_managed,
                "expiry_managed": s.batch_managed,
                "serial_managed": False,
                "weight_grams": 250,
            }
            for s in world.skus
        ],
        _table(station.Barcode): [
            {"code": code, "owner_id": s.owner_id, "sku_id": s.sku_id, "kind": "GTIN"}
            for s in world.skus
            for code in s.barcodes
        ],
        _table(station.Location): [
            {"code": c, "zone": z, "pick_sequence": q, "pickable": True, "frozen": False}
            for c, z, q in world.bins
        ],
        _table(station.Operator): [
            *(
                {
                    "badge_code": f"P{n:04d}",
                    "name": f"Picker {n}",
                    "role": "operator",
                    "pin_hash": None,
                    "active": True,
                }
                for n in range(1, PICKERS + 1)
            ),
            {
                "badge_code": "S0001",
                "name": "Supervisor",
                "role": "supervisor",
                "pin_hash": None,
                "active": True,
            },
        ],
    }
    order_rows = _station_orders(world)  # locks stock: before the stock rows are written
    rows[_table(station.Stock)] = world.stock
    rows.update(order_rows)
    outbox = _outbox(world, scale, rng)
    rows[_table(station.OutboxEvent)] = outbox
    rows[_table(station.SyncState)] = [
        {"key": "warehouse_id", "value": WAREHOUSE},
        {"key": "last_station_seq", "value": str(len(outbox))},
    ]
    return rows


def _bulk(engine: Engine, rows: dict[Table, list[Any]]) -> None:
    with engine.begin() as connection:
        for table, values in rows.items():
            if values:
                connection.execute(insert(table), values)


def write_station(world: World, scale: Scale, path: Path, rng: random.Random) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    store = open_store(path)
    try:
        _bulk(store.write_engine, _station_rows(world, scale, rng))
    finally:
        store.close()
    checkpoint(path)


# --- the OMS database ------------------------------------------------------------------------


def _oms_orders(
    world: World, plans: list[OrderPlan], reserved: dict[int, int]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[OutboundCommand]]:
    orders, lines, commands = [], [], []
    for plan in plans:
        command = command_for(world, plan)
        commands.append(command)
        orders.append(
            {
                "order_no": plan.order_no,
                "command_id": command.command_id,
                "warehouse_id": WAREHOUSE,
                "owner_id": plan.owner_id,
                "command_json": command.model_dump_json(),
                "status": "CREATED",
                "created_at": BASE_TIME,
                "updated_at": BASE_TIME,
                "cancel_refused": False,
                "reservation_open": True,
            }
        )
        for sku_index, quantity in plan.lines:
            reserved[sku_index] += quantity
            lines.append(
                {
                    "order_no": plan.order_no,
                    "sku_id": world.skus[sku_index].sku_id,
                    "ordered_qty": quantity,
                    "picked_qty": 0,
                    "shipped_qty": 0,
                }
            )
    return orders, lines, commands


def write_oms(world: World, path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    db = Database(f"sqlite:///{path}")
    db.create_schema()
    reserved: dict[int, int] = defaultdict(int)
    orders, lines, _ = _oms_orders(world, world.orders, reserved)
    new_orders, new_lines, new_commands = _oms_orders(world, world.new_orders, reserved)
    feed = [
        {
            "warehouse_id": WAREHOUSE,
            "seq": seq,
            "kind": "outbound_command_created",
            "body_json": OutboundCommandCreated(command=command).model_dump_json(),
            "created_at": BASE_TIME,
        }
        for seq, command in enumerate(new_commands, start=1)
    ]
    rows: dict[Table, list[Any]] = {
        _table(oms.Warehouse): [
            {"warehouse_id": WAREHOUSE, "last_feed_seq": len(feed), "created_at": BASE_TIME}
        ],
        _table(oms.OwnerRow): [{"owner_id": o, "name": f"Owner {o}"} for o in world.owners],
        _table(oms.SkuRow): [
            {
                "owner_id": s.owner_id,
                "sku_id": s.sku_id,
                "name": s.name,
                "data_json": md.Sku(
                    owner_id=s.owner_id,
                    sku_id=s.sku_id,
                    name=s.name,
                    batch_managed=s.batch_managed,
                    expiry_managed=s.batch_managed,
                    barcodes=[md.Barcode(code=code) for code in s.barcodes],
                ).model_dump_json(),
            }
            for s in world.skus
        ],
        _table(oms.LocationRow): [
            {
                "warehouse_id": WAREHOUSE,
                "code": c,
                "data_json": json.dumps({"code": c, "zone": z, "pick_sequence": q}),
            }
            for c, z, q in world.bins
        ],
        _table(oms.LogicalStock): [
            {
                "warehouse_id": WAREHOUSE,
                "owner_id": s.owner_id,
                "sku_id": s.sku_id,
                "on_hand": world.on_hand_by_sku[index],
                "reserved": reserved.get(index, 0),
                "updated_at": BASE_TIME,
            }
            for index, s in enumerate(world.skus)
        ],
        _table(oms.OutboundOrder): orders + new_orders,
        _table(oms.OutboundLine): lines + new_lines,
        _table(oms.FeedEntryRow): feed,
    }
    try:
        _bulk(db.engine, rows)
    finally:
        db.dispose()
    checkpoint(path)


def generate(scale: Scale, seed: int = SEED) -> dict[str, Any]:
    folder = scale.folder
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    world = build_world(scale, seed)
    rng = random.Random(seed + 1)
    write_station(world, scale, folder / "station.sqlite3", rng)
    write_oms(world, folder / "oms.sqlite3")
    manifest = {
        "scale": scale.name,
        "seed": seed,
        "warehouse_id": WAREHOUSE,
        "owners": len(world.owners),
        "skus": len(world.skus),
        "barcodes": sum(len(s.barcodes) for s in world.skus),
        "bins": len(world.bins),
        "stock_rows": len(world.stock),
        "open_orders": len(world.orders),
        "order_lines": sum(len(o.lines) for o in world.orders),
        "outbox_pending": scale.outbox_events,
        "feed_commands": len(world.new_orders),
        "seconds": round(time.perf_counter() - started, 1),
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def main() -> None:
    scale = scale_from_args(__doc__ or "")
    manifest = generate(scale)
    station_mb = (scale.folder / "station.sqlite3").stat().st_size / 2**20
    oms_mb = (scale.folder / "oms.sqlite3").stat().st_size / 2**20
    print(json.dumps(manifest))
    figure(
        "generate_s", manifest["seconds"], "s", f"station {station_mb:.0f} MB, OMS {oms_mb:.0f} MB"
    )


if __name__ == "__main__":
    main()
