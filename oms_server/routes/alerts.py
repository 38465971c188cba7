"""Admin endpoints of the alert list (seed 000 §7.2): read it, run the check now, acknowledge."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query

from oms_contract.base import MAX_INT64, Code
from oms_server.auth import Context, require_admin
from oms_server.errors import ApiError
from oms_server.models import utc_now
from oms_server.routes import responses
from oms_server.schemas import AlertAcknowledgement, AlertCheckResult, AlertList, AlertView
from oms_server.services import alerts

router = APIRouter(tags=["admin"], dependencies=[Depends(require_admin)])


@router.get("/alerts", responses=responses())
def read_alerts(
    context: Context,
    state: Literal["open", "all"] = "open",
    warehouse_id: Annotated[Code | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> AlertList:
    """The open alerts (``state=all``: cleared ones too), newest first."""
    with context.db.read_session() as session:
        found = alerts.list_alerts(session, state, warehouse_id, limit)
    return AlertList(
        alerts=found,
        check_interval_s=context.alerts.interval_s,
        last_check_at=context.alerts.last_check_at,
    )


@router.post("/alerts/check", responses=responses())
def check_alerts(context: Context) -> AlertCheckResult:
    """Run the scheduled check now: raise and clear alerts as the figures say."""
    return context.alerts.check_now()


@router.post("/alerts/{alert_id}/acknowledge", responses=responses(404))
def acknowledge_alert(
    alert_id: Annotated[int, Path(ge=1, le=MAX_INT64)],
    request: AlertAcknowledgement,
    context: Context,
) -> AlertView:
    """Note that someone has seen the alert; it stays open until its condition ends."""
    with context.db.write_transaction() as session:
        alert = alerts.acknowledge(session, alert_id, request.note, utc_now())
        if alert is None:
            raise ApiError(404, "ALERT_NOT_FOUND", f"No alert {alert_id}.")
        return alerts.view(alert)
