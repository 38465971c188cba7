"""docs/oms-api.md: its JSON examples must be JSON, and its example messages valid models."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from oms_contract.claims import (
    ClaimBlockAnswer,
    ClaimBlockRequest,
    ClaimReassign,
    ClaimRelease,
    ClaimRenewal,
    ClaimRenewalAnswer,
    ClaimRequest,
    ClaimState,
)
from oms_contract.documents import InboundOrder, OutboundCommand
from oms_contract.master_data import MasterDataUpsert
from oms_contract.sync_api import (
    EnrolRequest,
    ErrorBody,
    FeedPage,
    PushRequest,
    PushResponse,
    ReconciliationResult,
    StationReport,
    StockSnapshot,
)
from oms_server.schemas import (
    AdminClaimBlock,
    AlertCheckResult,
    AlertList,
    ClaimList,
    MonitoringReport,
    OrderView,
    StationList,
    StockView,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "oms-api.md"


def _json_blocks() -> list[Any]:
    blocks = re.findall(r"```json\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    return [json.loads(block) for block in blocks]


def test_examples_are_json_and_the_messages_validate() -> None:
    blocks = _json_blocks()
    assert len(blocks) >= 15
    models = [
        ErrorBody,
        EnrolRequest,
        FeedPage,
        PushRequest,
        PushResponse,
        StockSnapshot,
        ReconciliationResult,
        OutboundCommand,
        InboundOrder,
        MasterDataUpsert,
        OrderView,
        StockView,
        MonitoringReport,
        AlertList,
        AlertCheckResult,
        StationList,
        StationReport,
        ClaimRequest,
        ClaimState,
        ClaimRenewal,
        ClaimRenewalAnswer,
        ClaimRelease,
        ClaimBlockRequest,
        ClaimBlockAnswer,
        ClaimReassign,
        ClaimList,
        AdminClaimBlock,
    ]
    for model in models:
        matching = [block for block in blocks if _validates(model, block)]
        assert matching, f"no example in docs/oms-api.md is a valid {model.__name__}"


def _validates(model: Any, block: Any) -> bool:
    try:
        model.model_validate(block)
    except ValueError:
        return False
    return True
