"""Putting back the goods of an order the OMS cancelled after picking began, or that another
station won while this one picked it too."""

from __future__ import annotations

from app.errors import FloorError
from app.flows.messages import from_error, run_service, with_args
from app.flows.view import Message, Prompt, PromptKey
from app.queries.pick_tasks import OrderPicture
from app.scanning.gs1 import ParsedScan
from app.services.cancelling import put_back
from local_db.store import Store

CANCEL_NOTICE = Message("order_cancelled_notice")
LOST_NOTICE = Message("order_lost_notice")
PUT_BACK_FINISHED = Message("put_back_finished")
PUT_BACK_DONE = Message("put_back_done")


def cancel_notice(order: OrderPicture) -> Message:
    return with_args(CANCEL_NOTICE, order=order.order_no)


def put_back_prompt(order: OrderPicture) -> Prompt | None:
    if not order.put_backs:
        return None
    put = order.put_backs[0]
    return Prompt(
        PromptKey.PUT_BACK,
        {"qty": str(put.quantity), "sku": put.sku_id, "bin": put.suggested_location},
    )


def put_back_scan(
    store: Store, order: OrderPicture, scan: ParsedScan, operator: str
) -> tuple[bool, Message]:
    """The scanned bin takes the first open put-back of the order: (done, what to tell)."""
    if not order.put_backs:
        return False, cancel_notice(order)
    put = order.put_backs[0]
    bin_code = scan.code.strip()
    try:
        run_service(store, lambda uow: put_back(uow, put.task_id, bin_code, operator))
    except FloorError as error:
        return False, from_error(error)
    return True, with_args(PUT_BACK_DONE, qty=str(put.quantity), sku=put.sku_id, bin=bin_code)
