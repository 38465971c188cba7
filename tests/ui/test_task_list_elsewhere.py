"""An order another station works shows as such on the task list, not as "To pack"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from local_db.models import OutboundOrder
from local_db.store import Store
from tests.flows.picking_helpers import pick_everything
from tests.flows.seed import add_order, add_stock
from ui.models.task_table_model import TaskTableModel
from ui.store_gateway import StoreGateway


def test_an_order_handled_elsewhere_is_not_shown_as_to_pack(
    qtbot: QtBot, store: Store, gateway: StoreGateway
) -> None:
    add_stock(store, "A-01-02-03", "SKU-TEA", 5)
    add_order(store, "SO-LOST", [("SKU-TEA", 1)])
    pick_everything(store, "SO-LOST", {"SKU-TEA": "4006381333931"})
    with store.unit_of_work() as uow:
        uow.session.query(OutboundOrder).filter_by(order_no="SO-LOST").one().handled_remotely = True
        uow.commit()
    model = TaskTableModel(gateway)
    model.reload()
    with qtbot.waitSignal(model.page_loaded):
        model.fetchMore()
    status = model.data(model.index(0, 1), Qt.ItemDataRole.DisplayRole)
    assert status == "At another station"
