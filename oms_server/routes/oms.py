"""OMS-side endpoints (admin key): commands, cancels, inbound orders, master data, queries."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from oms_contract.base import Code
from oms_contract.documents import InboundOrder, OutboundCommand
from oms_contract.master_data import MasterDataUpsert
from oms_server.auth import Context, require_admin
from oms_server.models import utc_now
from oms_server.routes import responses
from oms_server.schemas import (
    CancelAccepted,
    CancelBody,
    InboundAccepted,
    InboundView,
    MasterDataAccepted,
    OrderView,
    RerouteRequest,
    StockView,
)
from oms_server.services import inbound, master_data, orders, reroute, station_figures, stock
from oms_server.services.stock_view import stock_line

router = APIRouter(tags=["oms"], dependencies=[Depends(require_admin)])


@router.post(
    "/outbound-commands",
    status_code=status.HTTP_201_CREATED,
    responses={**responses(409), 200: {"model": OrderView, "description": "A repeat"}},
)
def create_outbound_command(
    command: OutboundCommand, context: Context, response: Response
) -> OrderView:
    """Reserve logical stock and send the command to the warehouse's stations.

    Idempotent by ``command_id``: a repeat answers 200 with the existing order.
    """
    with context.db.write_transaction() as session:
        view, created = orders.create_outbound(session, command)
    if not created:
        response.status_code = status.HTTP_200_OK
    return view


@router.post(
    "/outbound-commands/{order_no}/cancel",
    status_code=status.HTTP_202_ACCEPTED,
    responses={**responses(404, 409), 200: {"model": CancelAccepted, "description": "A repeat"}},
)
def request_cancel(
    order_no: str, context: Context, response: Response, body: CancelBody | None = None
) -> CancelAccepted:
    """Ask the stations to cancel; the order turns CANCELLED when one confirms."""
    with context.db.write_transaction() as session:
        accepted, new = orders.request_cancel(session, order_no, body.reason if body else "")
    if not new:
        response.status_code = status.HTTP_200_OK
    return accepted


@router.post(
    "/outbound-commands/{order_no}/reroute",
    status_code=status.HTTP_201_CREATED,
    responses={**responses(404, 409), 200: {"model": OrderView, "description": "A repeat"}},
)
def reroute_order(
    order_no: str, body: RerouteRequest, context: Context, response: Response
) -> OrderView:
    """Send an order its warehouse could not take (RECEIVE_FAILED) to another warehouse
    (seed 000 §5.1: 库存不足 → 重新分仓): reserves there under the new ``command_id``, puts
    the command on that warehouse's feed and a cancel on the old one's. An order refused
    SKU_NOT_FOUND or OWNER_NOT_FOUND may be sent again to the same warehouse once its master
    data is there (检查主数据): the command on its feed again, no cancel.

    Idempotent by ``command_id``: a repeat answers 200 with the order.
    """
    with context.db.write_transaction() as session:
        view, created = reroute.reroute_order(session, order_no, body)
    if not created:
        response.status_code = status.HTTP_200_OK
    return view


@router.post(
    "/inbound-orders",
    status_code=status.HTTP_201_CREATED,
    responses={**responses(409), 200: {"model": InboundAccepted, "description": "A repeat"}},
)
def create_inbound_order(
    order: InboundOrder, context: Context, response: Response
) -> InboundAccepted:
    with context.db.write_transaction() as session:
        accepted, created = inbound.create_inbound(session, order)
    if not created:
        response.status_code = status.HTTP_200_OK
    return accepted


@router.get("/inbound-orders/{inbound_no}", responses=responses(404))
def read_inbound_order(inbound_no: str, context: Context) -> InboundView:
    """Expected, received and QC-passed quantities per SKU."""
    with context.db.read_session() as session:
        return inbound.get_inbound(session, inbound_no)


@router.post("/master-data", responses=responses(409))
def upsert_master_data(
    batch: MasterDataUpsert, context: Context, warehouse_id: Annotated[Code, Query()]
) -> MasterDataAccepted:
    """Upsert owners, SKUs (global), bins and operators (of ``warehouse_id``); feed it there."""
    with context.db.write_transaction() as session:
        return master_data.upsert_master_data(session, warehouse_id, batch)


@router.get("/orders/{order_no}", responses=responses(404))
def read_order(order_no: str, context: Context) -> OrderView:
    """Status, history, tracking, weight, packages and picked lines of an outbound order."""
    with context.db.read_session() as session:
        return orders.get_order(session, order_no)


@router.get("/stock", responses=responses())
def read_stock(
    context: Context,
    warehouse_id: str | None = None,
    owner_id: str | None = None,
    sku_id: str | None = None,
) -> StockView:
    """OMS logical stock per warehouse/owner/SKU, with the stations' figures.

    ``available`` is what the OMS promises: on-hand less reserved, frozen, damaged and the
    SKU's safety stock (seed 000 §3.2)."""
    with context.db.read_session() as session:
        rows = stock.stock_lines(session, warehouse_id, owner_id, sku_id)
        figures = station_figures.figures_of(session, warehouse_id, owner_id, sku_id)
        safety = stock.safety_stocks(session, rows)
        now = utc_now()
        return StockView(
            lines=[
                stock_line(
                    row,
                    figures.get((row.warehouse_id, row.owner_id, row.sku_id), []),
                    now,
                    safety.get((row.owner_id, row.sku_id), 0),
                )
                for row in rows
            ]
        )
