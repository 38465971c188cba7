"""Batch-specified outbound at the OMS (seed 003, 003_*.txt: "开发批次指定出库的特殊流程，通过调用
WMS的批次库存来实现OMS指定批次出库的需求"; "OMS通常只能维护SKU级别的库存总量"): a command's item
may name the batch to ship; the OMS stores it and puts it on the feed, reserving per SKU
(it keeps no batches). Seed 003 also names "接口版本不兼容" as a risk: a station older than
contract version 3 would ship any batch, so it never gets such a command, and the OMS
refuses one while such a station reads its warehouse's feed."""

from __future__ import annotations

from typing import Any

from oms_contract import API_PREFIX
from oms_contract.documents import BATCH_SPECIFIED_SINCE, OutboundCommand
from oms_contract.events import OutboundReceived, ReceiveResult
from oms_contract.sync_api import FeedPage
from oms_contract.versions import CONTRACT_HEADER, CONTRACT_VERSION
from oms_server.services.feed import WITHHELD_KIND
from tests.server import payloads as p
from tests.server.driver import OmsDriver, StationSession

TEA = "ACME-TEA-100"
BATCH = "B2026-01"


def _batch_command(number: int, quantity: int = 2, batch: str = BATCH) -> OutboundCommand:
    command = p.command(number, (TEA, quantity), ("ACME-MUG-01", 1))
    tea, mug = command.items
    return command.model_copy(update={"items": [tea.model_copy(update={"batch_no": batch}), mug]})


def _feed(oms: OmsDriver, station: StationSession, version: int | None) -> list[dict[str, Any]]:
    headers = dict(station.headers)
    if version is not None:
        headers[CONTRACT_HEADER] = str(version)
    response = oms.client.get(
        f"{API_PREFIX}/warehouses/{station.warehouse_id}/feed",
        params={"after": 0, "limit": 2000},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    entries: list[dict[str, Any]] = response.json()["entries"]
    return entries


def _about(entries: list[dict[str, Any]], order_no: str) -> dict[str, Any]:
    (body,) = [
        e["body"]
        for e in entries
        if e["body"].get("order_no") == order_no
        or e["body"].get("command", {}).get("order_no") == order_no
    ]
    return body


def test_a_command_naming_a_batch_is_stored_reserved_per_sku_and_fed(
    demo_oms: OmsDriver,
) -> None:
    before = demo_oms.stock("ACME", TEA)
    command = _batch_command(1)
    response = demo_oms.admin_post("/outbound-commands", command.model_dump(mode="json"))
    assert response.status_code == 201, response.text
    # The OMS has no batches: the SKU's logical stock is reserved.
    assert demo_oms.stock("ACME", TEA)["reserved"] == before["reserved"] + 2
    # The same command again is the same order; another batch under its id is a conflict.
    again = demo_oms.admin_post("/outbound-commands", command.model_dump(mode="json"))
    assert again.status_code == 200, again.text
    other = _batch_command(1, batch="B2026-02")
    conflict = demo_oms.admin_post("/outbound-commands", other.model_dump(mode="json"))
    assert conflict.status_code == 409
    assert conflict.json()["error_code"] == "COMMAND_CONFLICT"

    station = demo_oms.enrol()
    body = _about(_feed(demo_oms, station, CONTRACT_VERSION), command.order_no)
    assert body["kind"] == "outbound_command_created"
    assert [item["batch_no"] for item in body["command"]["items"]] == [BATCH, None]
    # This version's reader (the station's models) takes the whole page, batch included.
    entries = _feed(demo_oms, station, CONTRACT_VERSION)
    page = FeedPage.model_validate(
        {"entries": entries, "next_cursor": entries[-1]["seq"], "has_more": False}
    )
    assert any(
        e.body.kind == "outbound_command_created" and e.body.command.items[0].batch_no == BATCH
        for e in page.entries
    )


def test_an_older_station_never_gets_a_command_naming_a_batch(demo_oms: OmsDriver) -> None:
    """Version 1 would drop the field, version 2 ignore it: both would ship any batch. They
    get a body of a kind no version has (refused by their reader, a record for their
    supervisor, no order); a command without a batch reaches them as before."""
    command = _batch_command(2)
    created = demo_oms.admin_post("/outbound-commands", command.model_dump(mode="json"))
    assert created.status_code == 201, created.text
    plain = p.command(3, ("ACME-MUG-01", 1))
    assert demo_oms.admin_post("/outbound-commands", plain.model_dump(mode="json")).is_success

    station = demo_oms.enrol()
    for version in (None, 2):
        entries = _feed(demo_oms, station, version)
        withheld = _about(entries, command.order_no)
        assert withheld["kind"] == WITHHELD_KIND
        assert "command" not in withheld and BATCH in withheld["reason"]
        assert withheld["command_id"] == command.command_id
        served = _about(entries, plain.order_no)
        assert served["kind"] == "outbound_command_created"
    # Version 1 refuses unknown fields: the field is left out of the plain command.
    old = _about(_feed(demo_oms, station, None), plain.order_no)
    assert "batch_no" not in old["command"]["items"][0]


def test_a_batch_command_is_refused_while_an_older_station_reads_the_feed(
    demo_oms: OmsDriver,
) -> None:
    """The OMS notes each station's version at its feed read; while one reads below 3 a
    command naming a batch is refused (nothing reserved), a plain one is not; once the
    station reads at 3 the command is taken."""
    before = demo_oms.stock("ACME", TEA)
    station = demo_oms.enrol()
    _feed(demo_oms, station, 2)
    command = _batch_command(4)
    refused = demo_oms.admin_post("/outbound-commands", command.model_dump(mode="json"))
    assert refused.status_code == 409, refused.text
    assert refused.json()["error_code"] == "BATCH_NOT_SUPPORTED_BY_STATION"
    assert station.device_id in refused.json()["message"]
    assert demo_oms.stock("ACME", TEA) == before
    plain = p.command(5, (TEA, 1))
    assert demo_oms.admin_post("/outbound-commands", plain.model_dump(mode="json")).is_success

    _feed(demo_oms, station, BATCH_SPECIFIED_SINCE)
    taken = demo_oms.admin_post("/outbound-commands", command.model_dump(mode="json"))
    assert taken.status_code == 201, taken.text


def test_a_reroute_of_a_batch_command_to_an_older_station_is_refused(
    demo_oms: OmsDriver,
) -> None:
    """The re-route puts the command on another warehouse's feed: the same rule there."""
    command = _batch_command(6)
    assert demo_oms.admin_post("/outbound-commands", command.model_dump(mode="json")).is_success
    station = demo_oms.enrol()
    failed = p.received(command.order_no, command.command_id, ReceiveResult.FAIL)
    assert demo_oms.push_one(station, failed).outcome == "accepted"
    other = demo_oms.enrol("WH02")
    _feed(demo_oms, other, 2)
    response = demo_oms.admin_post(
        f"/outbound-commands/{command.order_no}/reroute",
        {"command_id": "CMD-T-0006-R1", "warehouse_id": "WH02"},
    )
    assert response.status_code == 409, response.text
    assert response.json()["error_code"] == "BATCH_NOT_SUPPORTED_BY_STATION"
    assert demo_oms.order(command.order_no)["status"] == "RECEIVE_FAILED"


def test_after_batch_not_managed_the_order_may_be_sent_again_to_its_warehouse(
    demo_oms: OmsDriver,
) -> None:
    """The station kept nothing of a command naming a batch of a SKU it keeps without
    batches (BATCH_NOT_MANAGED): once the master data is fixed, the OMS user sends it again
    to the same warehouse (RESENT), as after SKU_NOT_FOUND."""
    command = _batch_command(7)
    assert demo_oms.admin_post("/outbound-commands", command.model_dump(mode="json")).is_success
    station = demo_oms.enrol()
    refusal = OutboundReceived(
        command_id=command.command_id,
        order_no=command.order_no,
        result=ReceiveResult.FAIL,
        error_code="BATCH_NOT_MANAGED",
        error_message="Order names a batch of a SKU kept without batches.",
    )
    assert demo_oms.push_one(station, refusal).outcome == "accepted"
    response = demo_oms.admin_post(
        f"/outbound-commands/{command.order_no}/reroute",
        {"command_id": "CMD-T-0007-R1", "warehouse_id": "WH01"},
    )
    assert response.status_code == 201, response.text
    assert [step["status"] for step in demo_oms.order(command.order_no)["history"]][-1] == "RESENT"
