"""``oms-server --demo``: one warehouse with owners, SKUs, bins, operators, stock and orders.

Opening stock travels like any other stock change: ``inventory_adjusted`` events with reason
OPENING_BALANCE from the pseudo-station ``oms-demo``, accepted through the normal push path.
So OMS logical stock and a freshly enrolled station (which replays the feed) agree.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from decimal import Decimal

from oms_contract.documents import InboundLine, InboundOrder, OutboundCommand, OutboundItem
from oms_contract.events import EventEnvelope, InventoryAdjusted, StockMovement
from oms_contract.master_data import (
    Barcode,
    Location,
    MasterDataUpsert,
    Operator,
    OperatorRole,
    Owner,
    Sku,
)
from oms_contract.pins import hash_pin
from oms_contract.sync_api import EventOutcome, PushRequest
from oms_server.db import Database
from oms_server.gtin import make_gtin13
from oms_server.models import Station, utc_now
from oms_server.services import inbound, master_data, orders, push
from oms_server.services.enrolment import create_enrolment_key, secret_hash
from oms_server.services.feed import lock_warehouse

DEMO_WAREHOUSE_ID = "WH01"
DEMO_STATION_ID = "oms-demo"
SUPERVISOR_PIN = "1234"


OWNERS = [Owner(owner_id="ACME", name="Acme Trading"), Owner(owner_id="LOTUS", name="莲花贸易")]

# (owner, sku_id, name, GTIN body (12 digits), weight kg, batch+expiry managed)
_SKUS = [
    ("ACME", "ACME-TEA-100", "Green tea 100 g", "690123400001", "0.120", True),
    ("ACME", "ACME-MUG-01", "Ceramic mug, white", "690123400002", "0.350", False),
    ("ACME", "ACME-CABLE-C", "USB-C cable 1 m", "690123400003", "0.060", False),
    ("ACME", "ACME-LAMP-02", "Desk lamp", "690123400004", "1.200", False),
    ("LOTUS", "LOT-SOAP-01", "香皂 125 g", "692555500011", "0.140", False),
    ("LOTUS", "LOT-TOWEL-L", "毛巾 大号", "692555500012", "0.300", False),
    ("LOTUS", "LOT-HONEY-500", "蜂蜜 500 g", "692555500013", "0.650", True),
    ("LOTUS", "LOT-SOCKS-3", "袜子 三双装", "692555500014", "0.150", False),
]

TEA_BATCH = ("B2026-01", dt.date(2027, 6, 30))
HONEY_BATCH = ("H2026-03", dt.date(2028, 3, 31))


def demo_skus() -> list[Sku]:
    return [
        Sku(
            owner_id=owner,
            sku_id=sku_id,
            name=name,
            safety_stock=2,
            batch_managed=managed,
            expiry_managed=managed,
            weight_kg=Decimal(weight),
            barcodes=[Barcode(code=make_gtin13(body))],
        )
        for owner, sku_id, name, body, weight, managed in _SKUS
    ]


def demo_locations() -> list[Location]:
    locations = [Location(code="R-01-01-01", zone="R", pick_sequence=0, pickable=False)]
    sequence = 1
    for zone in ("A", "B"):
        for aisle in (1, 2):
            for rack in (1, 2):
                for level in (1, 2, 3):
                    locations.append(
                        Location(
                            code=f"{zone}-{aisle:02d}-{rack:02d}-{level:02d}",
                            zone=zone,
                            pick_sequence=sequence,
                        )
                    )
                    sequence += 1
    return locations


def demo_operators() -> list[Operator]:
    return [
        Operator(badge_code="P001", name="李伟 Li Wei"),
        Operator(badge_code="P002", name="王芳 Wang Fang"),
        Operator(badge_code="P003", name="张敏 Zhang Min"),
        Operator(
            badge_code="S001",
            name="陈静 Chen Jing",
            role=OperatorRole.SUPERVISOR,
            pin_hash=hash_pin(SUPERVISOR_PIN),
        ),
    ]


# (owner, sku, bin, quantity): opening balances.
OPENING_STOCK = [
    ("ACME", "ACME-TEA-100", "A-01-01-01", 120),
    ("ACME", "ACME-MUG-01", "A-01-01-02", 60),
    ("ACME", "ACME-MUG-01", "A-02-01-01", 40),
    ("ACME", "ACME-CABLE-C", "A-01-02-03", 200),
    ("ACME", "ACME-LAMP-02", "A-02-02-01", 25),
    ("LOTUS", "LOT-SOAP-01", "B-01-01-01", 150),
    ("LOTUS", "LOT-TOWEL-L", "B-01-02-02", 80),
    ("LOTUS", "LOT-HONEY-500", "B-02-01-03", 48),
    ("LOTUS", "LOT-SOCKS-3", "B-02-02-02", 90),
]

_CONSIGNEES = [
    ("张三", "13800000001", "上海市", "上海市", "浦东新区", "世纪大道 100 号"),
    ("李四", "13800000002", "北京市", "北京市", "朝阳区", "建国路 88 号"),
    ("王五", "13800000003", "广东省", "深圳市", "南山区", "科技园路 1 号"),
    ("赵六", "13800000004", "浙江省", "杭州市", "西湖区", "文三路 20 号"),
]
_CARRIERS = ["SF", "ZTO", "YTO"]
# (owner, [(sku, qty), ...])
_ORDERS = [
    ("ACME", [("ACME-MUG-01", 2)]),
    ("ACME", [("ACME-TEA-100", 3), ("ACME-CABLE-C", 1)]),
    ("ACME", [("ACME-LAMP-02", 1)]),
    ("ACME", [("ACME-CABLE-C", 4), ("ACME-MUG-01", 1)]),
    ("ACME", [("ACME-TEA-100", 1)]),
    ("ACME", [("ACME-MUG-01", 6), ("ACME-LAMP-02", 1), ("ACME-TEA-100", 2)]),
    ("LOTUS", [("LOT-SOAP-01", 5)]),
    ("LOTUS", [("LOT-TOWEL-L", 2), ("LOT-SOCKS-3", 1)]),
    ("LOTUS", [("LOT-HONEY-500", 1)]),
    ("LOTUS", [("LOT-SOAP-01", 2), ("LOT-HONEY-500", 2)]),
    ("LOTUS", [("LOT-SOCKS-3", 3)]),
    ("LOTUS", [("LOT-TOWEL-L", 1), ("LOT-SOAP-01", 1), ("LOT-SOCKS-3", 2)]),
]


def demo_commands(warehouse_id: str = DEMO_WAREHOUSE_ID) -> list[OutboundCommand]:
    names = {sku_id: name for _, sku_id, name, *_ in _SKUS}
    barcodes = {sku_id: make_gtin13(body) for _, sku_id, _, body, *_ in _SKUS}
    commands = []
    for number, (owner, lines) in enumerate(_ORDERS, start=1):
        consignee, phone, province, city, district, address = _CONSIGNEES[number % 4]
        commands.append(
            OutboundCommand(
                command_id=f"CMD-DEMO-{number:04d}",
                order_no=f"SO-DEMO-{number:04d}",
                warehouse_id=warehouse_id,
                owner_id=owner,
                consignee=consignee,
                phone=phone,
                province=province,
                city=city,
                district=district,
                address=address,
                carrier_code=_CARRIERS[number % 3],
                priority=50 if number % 5 == 0 else 0,
                items=[
                    OutboundItem(
                        sku_id=sku, sku_name=names[sku], quantity=qty, barcode=barcodes[sku]
                    )
                    for sku, qty in lines
                ],
            )
        )
    return commands


def demo_inbounds(warehouse_id: str = DEMO_WAREHOUSE_ID) -> list[InboundOrder]:
    return [
        InboundOrder(
            inbound_no="IN-DEMO-0001",
            warehouse_id=warehouse_id,
            owner_id="ACME",
            lines=[
                InboundLine(sku_id="ACME-MUG-01", expected_qty=24),
                InboundLine(
                    sku_id="ACME-TEA-100",
                    expected_qty=48,
                    batch_no="B2026-02",
                    expiry_date=dt.date(2027, 9, 30),
                ),
            ],
        ),
        InboundOrder(
            inbound_no="IN-DEMO-0002",
            warehouse_id=warehouse_id,
            owner_id="LOTUS",
            lines=[InboundLine(sku_id="LOT-SOAP-01", expected_qty=60)],
        ),
    ]


def _opening_events(warehouse_id: str) -> list[EventEnvelope]:
    batches = {"ACME-TEA-100": TEA_BATCH, "LOT-HONEY-500": HONEY_BATCH}
    events = []
    now = utc_now()
    for seq, (owner, sku, location, quantity) in enumerate(OPENING_STOCK, start=1):
        batch_no, expiry = batches.get(sku, (None, None))
        events.append(
            EventEnvelope(
                event_id=uuid.uuid5(uuid.NAMESPACE_URL, f"oms-demo/{warehouse_id}/{seq}").hex,
                station_id=DEMO_STATION_ID,
                station_seq=seq,
                warehouse_id=warehouse_id,
                operator="S001",
                occurred_at=now,
                payload=InventoryAdjusted(
                    adjustment_no=f"OB-{seq:04d}",
                    owner_id=owner,
                    sku_id=sku,
                    quantity=quantity,
                    reason_code="OPENING_BALANCE",
                    location_code=location,
                    batch_no=batch_no,
                    movements=[
                        StockMovement(
                            location_code=location,
                            owner_id=owner,
                            sku_id=sku,
                            batch_no=batch_no,
                            expiry_date=expiry,
                            delta=quantity,
                        )
                    ],
                ),
            )
        )
    return events


# The demo's printed key: enough for a classroom of stations, for a week.
DEMO_KEY_USES = 50
DEMO_KEY_LIFETIME = dt.timedelta(days=7)


def demo_enrolment_key(db: Database, warehouse_id: str = DEMO_WAREHOUSE_ID) -> str:
    """A fresh key for the demo warehouse (printed at each ``--demo`` start)."""
    with db.write_transaction() as session:
        key, _ = create_enrolment_key(
            session,
            warehouse_id,
            label="demo, printed at start",
            max_uses=DEMO_KEY_USES,
            lifetime=DEMO_KEY_LIFETIME,
        )
    return key


def seed_demo(db: Database, warehouse_id: str = DEMO_WAREHOUSE_ID) -> bool:
    """Seed once; answers False when the demo data is already there."""
    with db.write_transaction() as session:
        lock_warehouse(session, warehouse_id)
        if session.get(Station, DEMO_STATION_ID) is not None:
            return False
        master_data.upsert_master_data(
            session,
            warehouse_id,
            MasterDataUpsert(
                owners=OWNERS,
                skus=demo_skus(),
                locations=demo_locations(),
                operators=demo_operators(),
            ),
        )
        # A pseudo-station whose token nobody knows: it only carries the opening balances.
        station = Station(
            device_id=DEMO_STATION_ID,
            warehouse_id=warehouse_id,
            station_name="OMS demo opening balances",
            pseudo=True,
            token_hash=secret_hash(secrets.token_urlsafe(32)),
        )
        session.add(station)
        session.flush()
        result = push.push_events(
            session, station, PushRequest(events=_opening_events(warehouse_id))
        )
        assert all(r.outcome == EventOutcome.ACCEPTED for r in result.results), result
        for order in demo_inbounds(warehouse_id):
            inbound.create_inbound(session, order)
        for command in demo_commands(warehouse_id):
            orders.create_outbound(session, command)
    return True
